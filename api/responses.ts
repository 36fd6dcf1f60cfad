import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { CONTENT_TYPE } from '../documents/kinds';
import { CYCLE_COMMAND_ROUTES, MUNICIPALITY_COMMAND_ROUTES } from './schemas';

/**
 * Every route's responses in the OpenAPI document, per status code: the success body below, and the
 * error body (`Problem`, Swedish message) for each error status the route can answer. An `onRoute`
 * hook fills them in, so a route added without a documented success response fails at start-up.
 * schemathesis (test/api/schemathesis.e2e.test.ts) checks the running API against them.
 */

/** The body of every error response (api/errors.ts `Problem`); `message` is Swedish. */
export const ProblemBody = z
  .object({
    status: z.int().min(400).max(599),
    code: z.string().min(1).describe('Felkod för program, t.ex. VALIDATION_FAILED'),
    rule: z.string().min(1).describe('Regeln som inte uppfylldes, t.ex. request.body'),
    message: z.string().min(1).describe('Felet på svenska'),
    details: z.record(z.string(), z.unknown()),
  })
  .describe('Fel: status, kod, regel, meddelande på svenska och detaljer');

const ERROR_TEXT: Record<number, string> = {
  400: 'Ogiltig begäran (fälten i details.issues)',
  401: 'Inloggning saknas eller token är ogiltig',
  403: 'Rollen, organet eller CSRF-token räcker inte',
  404: 'Finns inte (eller tillhör en annan kommun)',
  409: 'Otillåten övergång eller versionskonflikt',
  413: 'Begäran är för stor',
  414: 'Adressen är för lång',
  415: 'Innehållstypen stöds inte',
  422: 'Ogiltigt innehåll (domänens regel i rule)',
  429: 'För många förfrågningar (Retry-After)',
  503: 'Tillfälligt otillgängligt, försök igen (Retry-After)',
};

const text = (description: string) => z.string().describe(description);
const loose = <S extends z.core.$ZodLooseShape>(shape: S, description: string) =>
  z.looseObject(shape).describe(description);
const Rows = z.array(z.record(z.string(), z.unknown()));
const StoredEvent = z.looseObject({ type: z.string(), data: z.record(z.string(), z.unknown()) });
const MunicipalityCommandResult = z
  .object({ municipalityId: z.string(), version: z.int().nonnegative(), events: z.array(StoredEvent) })
  .describe('Händelserna som lagrades och kommunens nya version');
const CycleCommandResult = z
  .object({ cycle: loose({ budgetYear: z.int(), municipalityId: z.string() }, 'Cykelns tillstånd') })
  .describe('Cykelns tillstånd efter kommandot');
const Task = loose(
  {
    status: z.string(),
    taskId: z.string(),
    municipalityId: z.string(),
    budgetYear: z.int(),
    organId: z.string(),
    dueDate: z.string(),
    revision: z.int().nonnegative(),
  },
  'Uppgiften',
);
const ReadModelTables = z.record(z.string(), z.unknown()).describe('Läsmodellens tabeller');
const CalendarCheck = loose(
  { valid: z.boolean(), violations: z.array(z.record(z.string(), z.unknown())) },
  'Kalenderns kontroll mot lagens och ordningens regler',
);
const Binary = z.string().describe('Filens innehåll');

interface Success {
  status: number;
  schema: z.ZodType;
  /** Media types other than JSON (files, feeds, NDJSON). */
  contentTypes?: readonly string[];
}

const json = (schema: z.ZodType, status = 200): Success => ({ status, schema });
const file = (...contentTypes: string[]): Success => ({ status: 200, schema: Binary, contentTypes });

const M = '/municipalities/:municipalityId';
const SUCCESS: Record<string, Success> = {
  'GET /health': json(z.object({ ok: z.boolean() })),
  'POST /municipalities': json(MunicipalityCommandResult, 201),
  [`GET ${M}`]: json(
    loose(
      {
        version: z.int(),
        municipalityId: z.string(),
        name: z.string(),
        organs: z.record(z.string(), z.unknown()),
      },
      'Kommunen',
    ),
  ),
  [`GET ${M}/steering`]: json(loose({}, 'Styrdokumenten')),
  [`DELETE ${M}/organs/:organId/secretaries/:userId`]: json(MunicipalityCommandResult),
  [`DELETE ${M}/process-owners/:userId`]: json(MunicipalityCommandResult),
  [`POST ${M}/cycles`]: json(
    loose(
      {
        municipalityId: z.string(),
        budgetYear: z.int(),
        workflowId: z.string(),
        organs: z.array(z.string()),
        location: z.string(),
      },
      'Den startade cykeln',
    ),
    201,
  ),
  [`GET ${M}/cycles`]: json(z.object({ cycles: Rows })),
  [`GET ${M}/cycles/:budgetYear`]: json(loose({ cycle: loose({}, 'Cykeln') }, 'Cykelns status')),
  [`GET ${M}/decisions`]: json(z.object({ budgetYear: z.int(), decisions: Rows })),
  [`GET ${M}/balance`]: json(loose({ budgetYear: z.int() }, 'Balanskravets underskott')),
  [`GET ${M}/calendar-template`]: json(CalendarCheck),
  [`POST ${M}/calendar-validation`]: json(CalendarCheck),
  [`GET ${M}/cycles/:budgetYear/waiting`]: json(loose({}, 'Vad cykeln väntar på')),
  [`GET ${M}/organs/:organId/inbox`]: json(z.object({ organId: z.string(), tasks: Rows })),
  [`GET ${M}/tasks`]: json(z.object({ tasks: Rows })),
  [`GET ${M}/tasks/:taskId`]: json(Task),
  [`POST ${M}/tasks/:taskId/submission`]: json(Task),
  [`POST ${M}/tasks/:taskId/return`]: json(Task),
  [`POST ${M}/tasks/:taskId/approval`]: json(Task),
  [`POST ${M}/tasks/:taskId/due-date`]: json(Task),
  [`POST ${M}/tasks/:taskId/cancellation`]: json(Task),
  [`GET ${M}/reports/deadline-compliance`]: json(z.object({ rows: Rows, decisions: Rows })),
  [`GET ${M}/tasks/:taskId/draft`]: json(loose({}, 'Utkastet').nullable()),
  [`PUT ${M}/tasks/:taskId/draft`]: json(loose({}, 'Det sparade utkastet')),
  [`GET ${M}/tasks/:taskId/basis`]: json(
    loose({ previous: z.unknown(), source: z.enum(['own', 'previous-cycle']).nullable() }, 'Underlaget'),
  ),
  'GET /projections/status': json(loose({}, 'Läsmodellernas läge')),
  [`GET ${M}/read-models`]: json(z.object({ readModels: Rows })),
  [`GET ${M}/read-models/:name`]: json(loose({ name: z.string(), tables: ReadModelTables }, 'Läsmodellen')),
  [`GET ${M}/dialogues`]: json(z.object({ dialogues: Rows, reportsToKf: Rows })),
  [`GET ${M}/budget/:budgetYear`]: json(loose({}, 'Budgeten')),
  [`GET ${M}/reports/goals`]: json(ReadModelTables),
  [`GET ${M}/reports/summary`]: json(loose({}, 'Sammanställningen')),
  [`GET ${M}/audit/events`]: json(loose({ events: Rows }, 'Händelserna')),
  [`GET ${M}/audit/export`]: file('application/x-ndjson; charset=utf-8'),
  [`GET ${M}/audit/state/municipality`]: json(loose({}, 'Kommunens tillstånd')),
  [`GET ${M}/audit/state/cycles/:budgetYear`]: json(loose({}, 'Cykelns tillstånd')),
  [`GET ${M}/audit/state/tasks/:taskId`]: json(loose({}, 'Uppgiftens tillstånd')),
  [`GET ${M}/audit/read-models`]: json(loose({}, 'Läsmodellerna vid tidpunkten')),
  [`GET ${M}/audit/verify`]: json(loose({}, 'Kedjans kontroll')),
  [`POST ${M}/accessibility/reports`]: json(
    z.object({ reportId: z.int(), reportedAt: text('Tidpunkt') }),
    201,
  ),
  'GET /accessibility/municipalities': json(
    z.object({ municipalities: z.array(z.object({ municipalityId: z.string(), name: z.string() })) }),
  ),
  [`GET ${M}/accessibility/reports`]: json(z.object({ reports: Rows })),
  [`POST ${M}/steering/indicators/:indicatorId/kolada`]: json(loose({}, 'Kopplingen till Kolada'), 201),
  [`POST ${M}/kolada/refresh`]: json(loose({}, 'Hämtade värden')),
  [`GET ${M}/kolada/values`]: json(loose({}, 'Kolada-värden')),
  [`POST ${M}/calendar-feeds`]: json(
    z.object({ subject: z.record(z.string(), z.unknown()), path: z.string(), url: z.string() }),
    201,
  ),
  'GET /calendar/:file': file('text/calendar; charset=utf-8'),
  [`GET ${M}/notification-preferences/me`]: json(z.object({ userId: z.string(), reminders: z.boolean() })),
  [`PUT ${M}/notification-preferences/me`]: json(
    z.object({ userId: z.string(), reminders: z.boolean(), version: z.int() }),
  ),
  [`GET ${M}/cycles/:budgetYear/documents`]: json(loose({}, 'Cykelns dokument')),
  [`GET ${M}/cycles/:budgetYear/documents/:kind`]: file(
    CONTENT_TYPE.pdf,
    CONTENT_TYPE.docx,
    CONTENT_TYPE.html,
  ),
  [`GET ${M}/cycles/:budgetYear/charts/:chart`]: file(CONTENT_TYPE.svg),
  [`GET ${M}/cycles/:budgetYear/workbook`]: file(CONTENT_TYPE.xlsx),
};
for (const route of MUNICIPALITY_COMMAND_ROUTES) {
  SUCCESS[`POST ${M}${route.path}`] = json(MunicipalityCommandResult, 201);
}
for (const route of CYCLE_COMMAND_ROUTES) {
  SUCCESS[`POST ${M}/cycles/:budgetYear${route.path}`] = json(CycleCommandResult);
}

/** The documented success status of a route (e.g. 201 for a stored command), undefined when none is. */
export function documentedSuccessStatus(method: string, url: string): number | undefined {
  return SUCCESS[`${method} ${url}`]?.status;
}

/** The error statuses a route can answer: who signs in, what the body holds, how often they call. */
function errorStatuses(route: Pick<RouteOptions, 'method' | 'config'>): number[] {
  const method = String(route.method);
  const signedIn = (route.config as { roles?: unknown } | undefined)?.roles !== 'public';
  const statuses = [400, 404, 414, 429];
  if (signedIn) statuses.push(401, 403, 409, 422, 503);
  if (method !== 'GET') statuses.push(409, 413, 415, 422);
  return [...new Set(statuses)].sort((a, b) => a - b);
}

function responsesOf(route: RouteOptions): Record<number, unknown> {
  const key = `${String(route.method)} ${route.url}`;
  const success = SUCCESS[key];
  if (!success) throw new Error(`api/responses.ts: no documented success response for ${key}`);
  const responses: Record<number, unknown> = {};
  responses[success.status] = success.contentTypes
    ? {
        description: success.schema.description ?? 'OK',
        content: Object.fromEntries(success.contentTypes.map((type) => [type, { schema: success.schema }])),
      }
    : success.schema;
  for (const status of errorStatuses(route)) {
    responses[status] = ProblemBody.describe(ERROR_TEXT[status] ?? 'Fel');
  }
  return responses;
}

/** Adds each documented route's responses to its schema (before @fastify/swagger reads it). */
export function documentResponses(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; response?: unknown } | undefined;
    if (!schema || schema.hide || route.method === 'HEAD') return;
    schema.response = responsesOf(route);
  });
}

/**
 * Response bodies go out as JSON.stringify writes them: the schemas document them (and schemathesis
 * checks them), but re-validating every body would cost the hot read paths (inboxes) on each request.
 */
export const jsonSerializerCompiler = () => (data: unknown) => JSON.stringify(data);
