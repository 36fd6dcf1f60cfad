import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toProblem } from '../../api/errors';
import { SubmitTaskBody } from '../../api/schemas';
import { TASK_CONTENT_SCHEMAS } from '../../domain/task/content';
import { swedishIssue } from '../../domain/validation/swedish';

const messages = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected issues');
  return result.error.issues.map((i) => swedishIssue(i.path, i.message));
};
const ENGLISH = /Invalid|expected|received|Required|must be/;

describe('the shared schemas speak Swedish and name the field', () => {
  it('names each missing or wrong field of a verksamhetsplan, with its position in the lists', () => {
    const issues = messages(TASK_CONTENT_SCHEMAS.verksamhetsplan, {
      organGoals: [
        {
          goalId: 'bun-mal-1',
          title: ' ',
          councilGoalIds: [],
          indicators: [
            {
              indicatorId: 'i1',
              name: 'NMI',
              target: 'hög',
              period: { from: '2027-02-30', to: '2027-12-31' },
            },
          ],
        },
      ],
      internalBudget: [{ label: 'Skola', amountSek: '12,5' }],
    });
    expect(issues.map((i) => i.message)).toEqual([
      'Nämndmål 1: Ange rubrik',
      'Nämndmål 1: Nämndmålet måste kopplas till minst ett riktningsmål',
      'Nämndmål 1, indikator 1: Ange enhet',
      'Nämndmål 1, indikator 1: Målvärde ska vara ett tal',
      'Nämndmål 1, indikator 1: Periodens första dag: Datumet finns inte',
      'Budgetpost 1: Belopp i kronor anges som "1234567.89" (högst två decimaler)',
    ]);
    expect(issues.map((i) => i.path.join('.'))).toEqual([
      'organGoals.0.title',
      'organGoals.0.councilGoalIds',
      'organGoals.0.indicators.0.unit',
      'organGoals.0.indicators.0.target',
      'organGoals.0.indicators.0.period.from',
      'internalBudget.0.amountSek',
    ]);
    expect(issues[2]?.field).toBe('Nämndmål 1, indikator 1: Enhet');
  });

  it('asks for what an empty report lacks, in Swedish, for every task kind', () => {
    for (const schema of Object.values(TASK_CONTENT_SCHEMAS)) {
      for (const issue of messages(schema, {})) {
        expect(issue.message).not.toMatch(ENGLISH);
        expect(issue.message).toMatch(/^(Ange|Välj) /);
      }
    }
    expect(messages(TASK_CONTENT_SCHEMAS.delarsrapport, {}).map((i) => i.message)).toEqual([
      'Ange periodens slut',
      'Ange ekonomi',
      'Ange måluppfyllelse',
    ]);
  });

  it('says what type a field should have and which value is unknown', () => {
    const issues = messages(TASK_CONTENT_SCHEMAS.tillitsdialog, {
      kind: 'meeting',
      date: 20260518,
      participants: 'två',
      agreements: [],
      proposals: [],
    });
    expect(issues.map((i) => i.message)).toEqual([
      'Typ har ett okänt värde (tillåtna: ks_with_organ, within_organ, between_departments)',
      'Datum ska vara en text',
      'Deltagare ska vara en lista',
    ]);
  });

  it('the API answers a body of the wrong shape in Swedish, naming the field and its path', async () => {
    // Fastify with the API's validator and error mapping, as api/app.ts sets them up.
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler((error, _request, reply) => {
      const problem = toProblem(error);
      return reply.code(problem.status).send(problem);
    });
    app
      .withTypeProvider<ZodTypeProvider>()
      .post('/submission', { schema: { body: SubmitTaskBody } }, async () => ({}));
    const response = await app.inject({
      method: 'POST',
      url: '/submission',
      payload: { content: 5, extra: true },
    });
    await app.close();
    expect(response.statusCode).toBe(400);
    const problem = response.json() as {
      message: string;
      details: { issues: { path: string[]; message: string; field: string }[] };
    };
    expect(JSON.stringify(problem)).not.toMatch(ENGLISH);
    expect(problem.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ['content'],
          field: 'Innehåll',
          message: 'Innehåll ska vara ett objekt med fält',
        }),
        expect.objectContaining({ path: [], field: 'Begäran', message: 'Okänt fält i begäran: extra' }),
      ]),
    );
    expect(problem.message).toMatch(/^Begäran är ogiltig: /);
  });

  it('installs itself: a schema made anywhere gets the Swedish messages', () => {
    const result = z.object({ unit: z.string() }).safeParse({});
    expect(result.error?.issues[0]?.message).toBe('Ange enhet');
  });
});
