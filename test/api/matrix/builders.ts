import type { RouteEntry } from '../../../api/route-table';
import { CYCLE_COMMAND_ROUTES, MUNICIPALITY_COMMAND_ROUTES } from '../../../api/schemas';
import { ALE_CALENDAR_2027, aleOrgan } from '../../../domain/examples/ale';
import { nulagesanalys } from '../../../scenario/ale-content';
import { cycleCommandBuilder, STAGES } from './cycle-bodies';
import { change, indicatorOf, MUNICIPALITY_BODIES } from './municipality-bodies';
import type { WriteBuilder, WriteScope } from './types';

const M = '/municipalities/:municipalityId';
const review = () => ({ type: 'task.review' as const });
const submit = (s: WriteScope) => ({ type: 'task.submit' as const, organId: s.organId });
const taskWrite = (
  submitted: boolean,
  action: WriteBuilder['action'],
  body: WriteBuilder['body'],
  stores: WriteBuilder['stores'] = 'events',
): WriteBuilder => ({ fixture: { kind: 'task', submitted }, action, body, stores });

/** Every write route but the command families: one builder per route. */
const ROUTE_BODIES: Record<string, WriteBuilder> = {
  'POST /municipalities': {
    fixture: { kind: 'unregistered' },
    namesMunicipality: true,
    action: () => null,
    body: (s) => ({ municipalityId: s.municipalityId, name: 'Matriskommunen', municipalityCode: '1440' }),
    stores: 'events',
  },
  [`DELETE ${M}/organs/:organId/secretaries/:userId`]: {
    fixture: { kind: 'municipality' },
    action: () => change(null),
    params: (s) => ({ userId: `avgar.${s.tag}@ale.se` }),
    setup: (s) => [
      {
        type: 'AssignSecretary',
        at: '2026-01-07T08:00:00.000Z',
        actor: 'karin.holm@ale.se',
        organId: s.organId,
        userId: `avgar.${s.tag}@ale.se`,
      },
    ],
    body: () => undefined,
    stores: 'events',
  },
  [`DELETE ${M}/process-owners/:userId`]: {
    fixture: { kind: 'municipality' },
    action: () => change(null),
    params: (s) => ({ userId: `avgar.${s.tag}@ale.se` }),
    setup: (s) => [
      {
        type: 'AssignProcessOwner',
        at: '2026-01-07T08:00:00.000Z',
        actor: 'karin.holm@ale.se',
        userId: `avgar.${s.tag}@ale.se`,
      },
    ],
    body: () => undefined,
    stores: 'events',
  },
  [`POST ${M}/cycles`]: {
    fixture: { kind: 'municipality' },
    action: () => ({ type: 'cycle.start' }),
    body: () => ({ calendar: ALE_CALENDAR_2027, clock: { startAt: STAGES.early.startAt } }),
    stores: 'events',
  },
  [`POST ${M}/calendar-validation`]: {
    fixture: { kind: 'municipality' },
    action: () => change(null),
    body: () => ({ calendar: ALE_CALENDAR_2027 }),
    stores: null, // a dry run
  },
  [`POST ${M}/tasks/:taskId/submission`]: taskWrite(false, submit, (s) => ({
    content: nulagesanalys(aleOrgan(s.organId)),
  })),
  [`POST ${M}/tasks/:taskId/return`]: taskWrite(true, review, () => ({
    reason: 'Omvärldsanalysen saknar möjligheter',
  })),
  [`POST ${M}/tasks/:taskId/approval`]: taskWrite(true, review, () => ({})),
  [`POST ${M}/tasks/:taskId/due-date`]: taskWrite(false, review, () => ({
    dueDate: '2026-04-30',
    reason: 'Nämnden sammanträder senare',
  })),
  [`POST ${M}/tasks/:taskId/cancellation`]: taskWrite(false, review, () => ({ reason: 'Uppdraget utgår' })),
  [`PUT ${M}/tasks/:taskId/draft`]: taskWrite(
    false,
    submit,
    (s) => ({ baseVersion: 0, content: { anteckning: `Utkast ${s.tag}` } }),
    'api_task_drafts',
  ),
  [`POST ${M}/accessibility/reports`]: {
    fixture: { kind: 'as-is' },
    action: () => null,
    body: (s) => ({
      page: `/matris/${s.tag}`,
      description: 'Knappen saknar text för skärmläsare',
      contact: null,
    }),
    stores: 'api_accessibility_reports',
  },
  [`POST ${M}/steering/indicators/:indicatorId/kolada`]: {
    fixture: { kind: 'municipality' },
    namesOrgan: true,
    action: (s) => change(s.organId),
    params: (s) => ({ indicatorId: indicatorOf(s.organId) }),
    body: () => ({ kpiId: 'N15428', years: [2026, 2027] }),
    stores: 'events',
  },
  [`POST ${M}/kolada/refresh`]: {
    fixture: { kind: 'municipality' },
    action: () => change(null),
    body: () => undefined,
    stores: null, // a fresh municipality has no bindings: nothing to fetch or record
  },
  [`POST ${M}/calendar-feeds`]: {
    fixture: { kind: 'municipality' },
    namesOrgan: true,
    action: (s) => ({ type: 'organ.read', organId: s.organId }),
    body: (s) => ({ organId: s.organId }),
    stores: 'api_calendar_feeds',
  },
  [`PUT ${M}/notification-preferences/me`]: {
    fixture: { kind: 'municipality' },
    action: () => null,
    body: () => ({ reminders: false }),
    stores: 'events',
  },
};

for (const route of MUNICIPALITY_COMMAND_ROUTES) {
  const spec = MUNICIPALITY_BODIES[route.type];
  if (!spec) continue; // left without a builder: the matrix reports the route
  ROUTE_BODIES[`POST ${M}${route.path}`] = {
    ...spec,
    fixture: { kind: 'municipality' },
    action: spec.action ?? (() => change(null)),
    stores: 'events',
  };
}
for (const route of CYCLE_COMMAND_ROUTES) {
  ROUTE_BODIES[`POST ${M}/cycles/:budgetYear${route.path}`] = cycleCommandBuilder(route.type);
}

/** The builder of a write route; undefined for a route nobody wrote one for (the matrix fails then). */
export function writeBuilderOf(route: RouteEntry): WriteBuilder | undefined {
  return ROUTE_BODIES[`${route.method} ${route.url}`];
}
