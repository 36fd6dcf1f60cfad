/**
 * Statuses in Swedish, one word each (docs/glossary.md), for the web, the CLI and the server's
 * messages. Capitalised as a label; lower-case them inside a sentence.
 */

/** A phase (and a cycle): not started, running, closed. The read models say `planned` for pending. */
export const PHASE_STATUS_LABEL: Record<string, string> = {
  pending: 'Ej påbörjad',
  planned: 'Ej påbörjad',
  open: 'Pågår',
  running: 'Pågår',
  closed: 'Avslutad',
};

/** A task as its organ sees it. */
export const TASK_STATUS_LABEL: Record<string, string> = {
  open: 'Att göra',
  assigned: 'Att göra',
  submitted: 'Inlämnad',
  returned: 'Returnerad',
  approved: 'Godkänd',
  cancelled: 'Avbruten',
};

export const phaseStatusLabel = (s: string): string => PHASE_STATUS_LABEL[s] ?? s;
export const taskStatusLabel = (s: string): string => TASK_STATUS_LABEL[s] ?? s;
