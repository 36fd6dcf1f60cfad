import { formatDecisionCitation } from '../../domain';
import type { Projection } from '../types';
import { cycleOf } from './keys';

/** Each tillitsdialog's record (participants, agreements, proposals) and what KS reported to KF. */
export const dialogues: Projection = {
  name: 'dialogues',
  description: 'tillitsdialogernas utfall och redovisningen till KF',
  tables: ['rm_dialogue_reports', 'rm_dialogue_proposals', 'rm_dialogues'],
  eventTypes: [
    'TaskAssigned',
    'TaskSubmitted',
    'TaskReturnedForRevision',
    'TaskApproved',
    'TaskDueDateChanged',
    'TaskCancelled',
    'DialogueOutcomesReported',
  ],
  async handle({ event, streamId }, tx) {
    switch (event.type) {
      case 'TaskAssigned': {
        const d = event.data;
        if (d.kind !== 'tillitsdialog') return;
        await tx.query(
          `insert into rm_dialogues (task_id, municipality_id, budget_year, organ_id, title, due_date, status)
           values ($1, $2, $3, $4, $5, $6, 'assigned') on conflict (task_id) do nothing`,
          [d.taskId, d.municipalityId, d.budgetYear, d.organId, d.title, d.dueDate],
        );
        return;
      }
      case 'TaskSubmitted': {
        const { submission, taskId, revision } = event.data;
        if (submission.kind !== 'tillitsdialog') return;
        const c = submission.content;
        await tx.query(
          `update rm_dialogues
           set status = 'submitted', revision = $2, dialogue_kind = $3, held_on = $4, participants = $5,
               agreements = $6
           where task_id = $1`,
          [taskId, revision, c.kind, c.date, JSON.stringify(c.participants), c.agreements],
        );
        await tx.query('delete from rm_dialogue_proposals where task_id = $1', [taskId]);
        await tx.query(
          `insert into rm_dialogue_proposals (task_id, seq, proposal_type, description)
           select $1, p.ord, p.t, p.d from unnest($2::text[], $3::text[]) with ordinality as p(t, d, ord)
           where exists (select 1 from rm_dialogues where task_id = $1)`,
          [taskId, c.proposals.map((p) => p.type), c.proposals.map((p) => p.description)],
        );
        return;
      }
      case 'TaskReturnedForRevision':
        await tx.query(`update rm_dialogues set status = 'returned' where task_id = $1`, [event.data.taskId]);
        return;
      case 'TaskApproved':
        await tx.query(`update rm_dialogues set status = 'approved' where task_id = $1`, [event.data.taskId]);
        return;
      case 'TaskDueDateChanged':
        await tx.query('update rm_dialogues set due_date = $2 where task_id = $1', [
          event.data.taskId,
          event.data.dueDate,
        ]);
        return;
      case 'TaskCancelled':
        await tx.query(`update rm_dialogues set status = 'cancelled' where task_id = $1`, [
          event.data.taskId,
        ]);
        return;
      case 'DialogueOutcomesReported': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const d = event.data;
        const citation = formatDecisionCitation(d.decision);
        await tx.query(
          `insert into rm_dialogue_reports (municipality_id, budget_year, citation, decided_on, case_number,
                                            subject, dialogue_task_ids)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (municipality_id, budget_year, citation) do update
           set decided_on = excluded.decided_on, case_number = excluded.case_number,
               subject = excluded.subject, dialogue_task_ids = excluded.dialogue_task_ids`,
          [
            municipalityId,
            budgetYear,
            citation,
            d.decision.date,
            d.decision.caseNumber,
            d.decision.subject,
            d.dialogueTaskIds,
          ],
        );
        await tx.query(
          `update rm_dialogues set reported_to_kf = true, kf_report_citation = $2 where task_id = any($1::text[])`,
          [d.dialogueTaskIds, citation],
        );
        return;
      }
      default:
        return;
    }
  },
};
