import type { z } from 'zod';
import type { NulagesanalysContent } from '../../../../domain/task/content';

/** The nulägesanalys form's draft: what the secretary has typed, kept on the server until submitted. */

export type GoalStatus = 'achieved' | 'partly_achieved' | 'not_achieved' | 'not_assessed';

export interface ProposedGoal {
  key: string;
  title: string;
  description: string;
  councilGoalIds: string[];
}

export interface Draft {
  verksamhetsbeskrivning: string;
  factors: Record<string, { risks: string; opportunities: string; response: string }>;
  goals: Record<string, { status: GoalStatus | ''; comment: string }>;
  proposed: ProposedGoal[];
  conclusions: string;
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function emptyDraft(): Draft {
  return { verksamhetsbeskrivning: '', factors: {}, goals: {}, proposed: [], conclusions: '' };
}

/** A submitted nulägesanalys back into the form (a returned task starts from its last submission). */
export function fromContent(content: z.input<typeof NulagesanalysContent>): Draft {
  return {
    verksamhetsbeskrivning: content.verksamhetsbeskrivning.text,
    factors: Object.fromEntries(
      content.omvarldsanalys.factors.map((f) => [
        f.externalFactorId,
        { risks: f.risks.join('\n'), opportunities: f.opportunities.join('\n'), response: f.response ?? '' },
      ]),
    ),
    goals: Object.fromEntries(
      content.nulagesanalys.goalFulfilment
        .filter((g) => g.goalType === 'council')
        .map((g) => [g.goalId, { status: g.status, comment: g.comment ?? '' }]),
    ),
    proposed: content.nulagesanalys.proposedOrganGoals.map((g, i) => ({
      key: `g${i}`,
      title: g.title,
      description: g.description ?? '',
      councilGoalIds: [...g.councilGoalIds],
    })),
    conclusions: content.nulagesanalys.conclusions ?? '',
  };
}

/** The form's draft as the nulägesanalys content the API takes (validated before it is sent). */
export function contentOf(draft: Draft, factorIds: readonly string[], councilGoalIds: readonly string[]) {
  return {
    verksamhetsbeskrivning: { text: draft.verksamhetsbeskrivning },
    omvarldsanalys: {
      factors: factorIds.map((id) => ({
        externalFactorId: id,
        risks: lines(draft.factors[id]?.risks ?? ''),
        opportunities: lines(draft.factors[id]?.opportunities ?? ''),
        response: draft.factors[id]?.response.trim() ?? '',
      })),
    },
    nulagesanalys: {
      goalFulfilment: councilGoalIds
        .filter((goalId) => draft.goals[goalId]?.status)
        .map((goalId) => ({
          goalId,
          goalType: 'council' as const,
          status: draft.goals[goalId]?.status as GoalStatus,
          comment: draft.goals[goalId]?.comment.trim() ?? '',
        })),
      proposedOrganGoals: draft.proposed.map((g) => ({
        title: g.title,
        description: g.description.trim(),
        councilGoalIds: g.councilGoalIds,
        agenda2030Goals: [],
      })),
      conclusions: draft.conclusions.trim(),
    },
  };
}
