import type { z } from 'zod';
import { fail } from '../errors';
import type { RecordAnalysisDecision, RecordOmvarldsdagAttendance } from './commands';
import type { CycleEvent } from './events';
import { requireBody, requireNewDecision, requirePhaseStarted } from './guards';
import type { CycleData } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

/** A nämnd's decision on its own nulägesanalys (rule analysis.organ-decision). */
export function recordAnalysisDecision(c: Cmd<typeof RecordAnalysisDecision>, s: CycleData): CycleEvent[] {
  requirePhaseStarted(s, 'nulagesanalys');
  const organ = s.organs[c.organId];
  if (!organ || organ.kind === 'council') {
    fail(
      'NOT_FOUND',
      'analysis.organ-decision',
      `Nulägesanalys: organet ${c.organId} gör ingen nulägesanalys i cykeln`,
      { organId: c.organId },
    );
  }
  if (s.analysisDecisions[c.organId]) {
    fail(
      'ALREADY_EXISTS',
      'analysis.organ-decision',
      `Nulägesanalys: ${organ.name} har redan beslutat om sin nulägesanalys`,
      { organId: c.organId },
    );
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, { organId: c.organId });
  return [
    {
      type: 'AnalysisDecisionRecorded',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, organId: c.organId, decision: c.decision, taskId: c.taskId },
    },
  ];
}

/** Who attended the omvärldsdag (rule omvarldsdag.attendance): organs of the cycle, once each. */
export function recordOmvarldsdagAttendance(
  c: Cmd<typeof RecordOmvarldsdagAttendance>,
  s: CycleData,
): CycleEvent[] {
  requirePhaseStarted(s, 'omvarldsdag');
  const ids = c.attendance.map((a) => a.organId);
  const unknown = ids.filter((id) => !s.organs[id]);
  if (unknown.length > 0 || new Set(ids).size !== ids.length) {
    fail(
      'NOT_FOUND',
      'omvarldsdag.attendance',
      `Omvärldsdagens närvaro: okända eller upprepade organ: ${unknown.join(', ') || ids.join(', ')}`,
      { organIds: unknown },
    );
  }
  const attendance = c.attendance.map((a) => ({ organId: a.organId, attendees: a.attendees }));
  return [
    { type: 'OmvarldsdagAttendanceRecorded', schemaVersion: 1, data: { at: c.at, by: c.actor, attendance } },
  ];
}
