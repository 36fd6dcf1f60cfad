import { formatDecisionCitation } from '../../domain';
import { type DocKind, first, setFirst, update } from '../fold';
import type { Projection } from '../types';
import { cycleOf } from './keys';

const DIALOGUES = 'rm_dialogues';
const PROPOSALS = 'rm_dialogue_proposals';
const REPORTS = 'rm_dialogue_reports';

/** A tillitsdialog's record and its proposals, by task id. */
const dialogue: DocKind = {
  name: 'dialogue',
  tables: [
    {
      table: DIALOGUES,
      key: ['task_id'],
      columns: [
        'task_id',
        'municipality_id',
        'budget_year',
        'organ_id',
        'title',
        'due_date',
        'status',
        'revision',
        'dialogue_kind',
        'held_on',
        'participants',
        'agreements',
        'reported_to_kf',
        'kf_report_citation',
      ],
    },
    { table: PROPOSALS, key: ['task_id'], columns: ['task_id', 'seq', 'proposal_type', 'description'] },
  ],
};

/** What KS reported to KF about the dialogues, by municipality, budget year and citation. */
const report: DocKind = {
  name: 'dialogue_report',
  tables: [
    {
      table: REPORTS,
      key: ['municipality_id', 'budget_year', 'citation'],
      columns: [
        'municipality_id',
        'budget_year',
        'citation',
        'decided_on',
        'case_number',
        'subject',
        'dialogue_task_ids',
      ],
    },
  ],
};

/** Each tillitsdialog's record (participants, agreements, proposals) and what KS reported to KF. */
export const dialogues: Projection = {
  name: 'dialogues',
  description: 'tillitsdialogernas utfall och redovisningen till KF',
  tables: [REPORTS, PROPOSALS, DIALOGUES],
  eventTypes: [
    'TaskAssigned',
    'TaskSubmitted',
    'TaskReturnedForRevision',
    'TaskApproved',
    'TaskDueDateChanged',
    'TaskCancelled',
    'DialogueOutcomesReported',
  ],
  docs: [dialogue, report],
  fold({ event, streamId }, docs) {
    switch (event.type) {
      case 'TaskAssigned': {
        const d = event.data;
        if (d.kind !== 'tillitsdialog') return;
        const doc = docs.get(dialogue, [d.taskId]);
        if (first(doc, DIALOGUES)) return;
        setFirst(doc, DIALOGUES, {
          task_id: d.taskId,
          municipality_id: d.municipalityId,
          budget_year: d.budgetYear,
          organ_id: d.organId,
          title: d.title,
          due_date: d.dueDate,
          status: 'assigned',
          revision: 0,
          dialogue_kind: null,
          held_on: null,
          participants: [],
          agreements: [],
          reported_to_kf: false,
          kf_report_citation: null,
        });
        return;
      }
      case 'TaskSubmitted': {
        const { submission, taskId, revision } = event.data;
        if (submission.kind !== 'tillitsdialog') return;
        const c = submission.content;
        const doc = docs.get(dialogue, [taskId]);
        update(doc, DIALOGUES, (r) => ({
          ...r,
          status: 'submitted',
          revision,
          dialogue_kind: c.kind,
          held_on: c.date,
          participants: c.participants,
          agreements: c.agreements,
        }));
        doc[PROPOSALS] = first(doc, DIALOGUES)
          ? c.proposals.map((p, i) => ({
              task_id: taskId,
              seq: i + 1,
              proposal_type: p.type,
              description: p.description,
            }))
          : [];
        return;
      }
      case 'TaskReturnedForRevision':
        update(docs.get(dialogue, [event.data.taskId]), DIALOGUES, (r) => ({ ...r, status: 'returned' }));
        return;
      case 'TaskApproved':
        update(docs.get(dialogue, [event.data.taskId]), DIALOGUES, (r) => ({ ...r, status: 'approved' }));
        return;
      case 'TaskDueDateChanged': {
        const dueDate = event.data.dueDate;
        update(docs.get(dialogue, [event.data.taskId]), DIALOGUES, (r) => ({ ...r, due_date: dueDate }));
        return;
      }
      case 'TaskCancelled':
        update(docs.get(dialogue, [event.data.taskId]), DIALOGUES, (r) => ({ ...r, status: 'cancelled' }));
        return;
      case 'DialogueOutcomesReported': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const d = event.data;
        const citation = formatDecisionCitation(d.decision);
        setFirst(docs.get(report, [municipalityId, budgetYear, citation]), REPORTS, {
          municipality_id: municipalityId,
          budget_year: budgetYear,
          citation,
          decided_on: d.decision.date,
          case_number: d.decision.caseNumber,
          subject: d.decision.subject,
          dialogue_task_ids: d.dialogueTaskIds,
        });
        for (const taskId of d.dialogueTaskIds) {
          update(docs.get(dialogue, [taskId]), DIALOGUES, (r) => ({
            ...r,
            reported_to_kf: true,
            kf_report_citation: citation,
          }));
        }
        return;
      }
      default:
        return;
    }
  },
};
