/**
 * The cycle commands a person sends to a running cycle (decisions §, reports, calendar changes), defined
 * once for the workflow, its messages, the API's routes and the permission check.
 */
export const PERSON_CYCLE_COMMANDS = [
  'ChangeCalendarDate',
  'RecordDecision',
  'ReportDialogueOutcomes',
  'RecordSpecialReasons',
  'ProposeTaxRate',
  'ProposeBudget',
  'AdoptBudget',
  'RecordPlanAdoption',
  'SubmitInterimReport',
  'TreatInterimReport',
  'SubmitAnnualReport',
  'AdoptRecoveryPlan',
  'RecordAnalysisDecision',
  'RecordOmvarldsdagAttendance',
  'ApproveAnnualReport',
  'SubmitAuditReport',
  'DecideDischarge',
  'ScheduleDialogue',
] as const;
export type PersonCycleCommandType = (typeof PERSON_CYCLE_COMMANDS)[number];

const PERSON_COMMAND_SET = new Set<string>(PERSON_CYCLE_COMMANDS);

export function isPersonCycleCommand(type: string): type is PersonCycleCommandType {
  return PERSON_COMMAND_SET.has(type);
}

/** Commands that record an organ's own decision, which the organ's secretary may send too. */
const OWN_DECISION_COMMANDS = new Set<string>([
  'RecordDecision',
  'RecordPlanAdoption',
  'RecordAnalysisDecision',
]);

export function recordsOwnDecision(type: string): boolean {
  return OWN_DECISION_COMMANDS.has(type);
}

/** Commands only the municipality's auditors (revisorer) send: their revisionsberättelse. */
const AUDITOR_COMMANDS = new Set<string>(['SubmitAuditReport']);

export function sentByAuditors(type: string): boolean {
  return AUDITOR_COMMANDS.has(type);
}

/** The token roles that may send a person command over the API (the cycle decides who exactly). */
export function rolesSending(type: string): ('process_owner' | 'secretary' | 'auditor')[] {
  if (sentByAuditors(type)) return ['auditor'];
  return recordsOwnDecision(type) ? ['process_owner', 'secretary'] : ['process_owner'];
}

/**
 * The organs whose own decision a command records, when an organ's secretary may record it (a nämnd's
 * decision on its nulägesanalys or its verksamhetsplan); null when only process owners may send it.
 */
export function organsRecordingOwnDecision(
  type: PersonCycleCommandType,
  command: Record<string, unknown>,
): string[] | null {
  if (!recordsOwnDecision(type)) return null;
  const decisionOrgan = (command.decision as { organId?: unknown } | undefined)?.organId;
  const organs = [typeof decisionOrgan === 'string' ? decisionOrgan : ''];
  // A plan adoption (or an analysis decision) names the nämnd twice: as the deciding body and as its organ.
  if (type === 'RecordPlanAdoption' || type === 'RecordAnalysisDecision')
    organs.push(typeof command.organId === 'string' ? command.organId : '');
  return organs;
}
