/** Redovisning av tillitsdialoger till kommunfullmäktige: each dialogue's participants, agreements, proposals. */
import { citedInParentheses } from '../../domain/calendar/citations';
import type { TillitsdialogContent } from '../../domain/task/content';
import { organName, submissionsOf } from '../figures';
import { svCompare, swedishDate } from '../format';
import { type Block, type DocumentModel, heading, list, missing, paragraph, table } from '../model';
import type { CycleSnapshot } from '../snapshot';
import { cite, sourceNote, subtitleOf } from './common';

const KIND_SV: Record<TillitsdialogContent['kind'], string> = {
  ks_with_organ: 'Kommunstyrelsen med organet',
  within_organ: 'Inom organet',
  between_departments: 'Mellan sektorer',
};
const PROPOSAL_SV = {
  new_assignment: 'Nytt uppdrag',
  changed_conditions: 'Ändrade förutsättningar',
} as const;

export async function buildDialogueReport(s: CycleSnapshot, budgetYear: number): Promise<DocumentModel> {
  const title = `Redovisning av tillitsdialoger ${budgetYear}`;
  const blocks: Block[] = [heading(1, title), heading(2, 'Beslut')];
  const reports = s.cycle?.dialogueReports ?? [];
  if (reports.length === 0)
    blocks.push(missing(`Ingen redovisning till fullmäktige registrerad per ${swedishDate(s.asOf)}.`));
  for (const r of reports) {
    blocks.push(
      paragraph(
        `${cite(r.decision)}: ${r.decision.subject}. Redovisningen omfattar ${r.dialogueTaskIds.length} dialoger.`,
      ),
    );
  }
  const dialogues = submissionsOf(s, 'tillitsdialog')
    .map((d) => ({ ...d, dialogue: d.content as TillitsdialogContent, name: organName(s, d.task.organId) }))
    .sort((a, b) => svCompare(a.name, b.name));
  blocks.push(heading(2, 'Sammanställning'));
  if (dialogues.length === 0) {
    blocks.push(missing('Inga dialoger dokumenterade.'));
  } else {
    blocks.push(
      paragraph(
        `Kommunstyrelsen har genom sin uppsiktsplikt${citedInParentheses('Kommunallagen (2017:725) 6 kap. 1 §')} fört ${dialogues.length} tillitsdialoger. ` +
          `De ledde till ${dialogues.reduce((n, d) => n + d.dialogue.agreements.length, 0)} överenskommelser och ` +
          `${dialogues.reduce((n, d) => n + d.dialogue.proposals.length, 0)} förslag till fullmäktige.`,
      ),
    );
    blocks.push(
      table(
        'Tillitsdialoger per organ',
        ['Organ', 'Datum', 'Slag', 'Deltagare', 'Överenskommelser', 'Förslag'],
        dialogues.map((d) => [
          d.name,
          swedishDate(d.dialogue.date),
          KIND_SV[d.dialogue.kind],
          String(d.dialogue.participants.length),
          String(d.dialogue.agreements.length),
          String(d.dialogue.proposals.length),
        ]),
        [3, 4, 5],
      ),
    );
  }
  blocks.push(heading(2, 'Dialogerna'));
  for (const d of dialogues) {
    blocks.push(heading(3, `${d.name}, ${swedishDate(d.dialogue.date)}`));
    blocks.push(
      paragraph(
        `Deltagare: ${d.dialogue.participants.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(', ')}.`,
      ),
    );
    blocks.push(paragraph('Överenskommelser:'));
    blocks.push(
      d.dialogue.agreements.length > 0 ? list(d.dialogue.agreements) : missing('Inga överenskommelser.'),
    );
    blocks.push(paragraph('Förslag om nya uppdrag eller ändrade förutsättningar:'));
    blocks.push(
      d.dialogue.proposals.length > 0
        ? list(d.dialogue.proposals.map((p) => `${PROPOSAL_SV[p.type]}: ${p.description}`))
        : missing('Inga förslag.'),
    );
  }
  blocks.push(...sourceNote(s));
  return {
    fileName: `${s.municipality.municipalityId}-${budgetYear}-tillitsdialoger`,
    title,
    subtitle: subtitleOf(s, budgetYear),
    blocks,
  };
}
