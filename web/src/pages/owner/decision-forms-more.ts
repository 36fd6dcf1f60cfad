/**
 * The cycle's other decisions as forms: the tax-rate proposal, KS's särskilda skäl, a nämnd's decision on
 * its nulägesanalys, the omvärldsdag's attendance and KF's åtgärdsplan for the balanskrav.
 */
import { parseSek } from '../../format';
import { DECISION_FIELDS, type DecisionKind, decisionOf, organField } from './decision-forms';
import type { Built, FieldError, FieldSpec, Values } from './form-kit';

const MONEY_HINT = 'I kronor, t.ex. 1 234 567,89.';

/** Kronor typed as "22,23" → öre (2223), or the field's error. */
function oreOf(v: Values, name: string, errors: FieldError[]): number {
  const parsed = parseSek(v[name] ?? '');
  if (!parsed.ok) {
    errors.push({ name, message: parsed.message });
    return 0;
  }
  return Math.round(Number(parsed.kronor) * 100);
}

const MEASURES = [0, 1, 2] as const;

function measureFields(i: number): FieldSpec[] {
  const n = i + 1;
  return [
    {
      name: `measure-${i}-description`,
      label: `Åtgärd ${n}`,
      kind: 'textarea',
      optional: i > 0,
      hint: i === 0 ? 'Vad kommunen gör för att återställa underskottet.' : undefined,
      apiPath: ['measures', String(i), 'description'],
    },
    {
      name: `measure-${i}-year`,
      label: `År för åtgärd ${n}`,
      kind: 'number',
      optional: i > 0,
      hint: i === 0 ? 'Året då beloppet regleras, något av de tre följande åren.' : undefined,
      apiPath: ['measures', String(i), 'year'],
    },
    {
      name: `measure-${i}-amount`,
      label: `Belopp som regleras genom åtgärd ${n}`,
      kind: 'money',
      optional: i > 0,
      hint: MONEY_HINT,
      apiPath: ['measures', String(i), 'amountOre'],
    },
  ];
}

function recoveryBody(v: Values, c: Parameters<DecisionKind['build']>[1]): Built {
  const errors: FieldError[] = [];
  const measures = MEASURES.flatMap((i) => {
    const description = (v[`measure-${i}-description`] ?? '').trim();
    const year = (v[`measure-${i}-year`] ?? '').trim();
    const amount = (v[`measure-${i}-amount`] ?? '').trim();
    if (i > 0 && !description && !year && !amount) return [];
    if (!description) errors.push({ name: `measure-${i}-description`, message: `Beskriv åtgärd ${i + 1}` });
    if (!/^\d{4}$/.test(year))
      errors.push({ name: `measure-${i}-year`, message: `Ange året för åtgärd ${i + 1}, t.ex. 2029` });
    const amountOre = oreOf(v, `measure-${i}-amount`, errors);
    return [{ description, year: Number(year), amountOre }];
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, body: { decision: decisionOf(v, c.council), measures } };
}

export const MORE_DECISION_KINDS: DecisionKind[] = [
  {
    id: 'tax-rate',
    gate: 'tax-rate-proposed',
    label: 'Kommunstyrelsens förslag till skattesats',
    path: '/budget/tax-rate-proposal',
    fields: (c) => [
      ...DECISION_FIELDS(`Skattesats ${c.budgetYear}`),
      {
        name: 'taxRate',
        label: 'Föreslagen skattesats',
        kind: 'money',
        hint: 'Kronor per 100 kr beskattningsbar inkomst, t.ex. 22,23.',
        apiPath: ['taxRateOre'],
      },
    ],
    build: (v, c) => {
      const errors: FieldError[] = [];
      const taxRateOre = oreOf(v, 'taxRate', errors);
      if (errors.length) return { ok: false, errors };
      return { ok: true, body: { decision: decisionOf(v, c.board), taxRateOre } };
    },
  },
  {
    id: 'special-reasons',
    gate: 'special-reasons',
    label: 'Kommunstyrelsens särskilda skäl för budgetförslag i november',
    path: '/budget/special-reasons',
    fields: (c) => [
      ...DECISION_FIELDS(`Särskilda skäl för budgetförslag ${c.budgetYear}`),
      {
        name: 'reasons',
        label: 'De särskilda skälen',
        kind: 'textarea',
        hint: 'Varför budgetförslaget upprättas i november året efter val (KL 11 kap. 8 §).',
        apiPath: ['reasons'],
      },
    ],
    build: (v, c) => ({
      ok: true,
      body: { decision: decisionOf(v, c.board), reasons: (v.reasons ?? '').trim() },
    }),
  },
  {
    id: 'analysis',
    gate: 'analysis-decided',
    label: 'En nämnds beslut om sin nulägesanalys',
    path: '/analysis-decisions',
    fields: (c) => [
      organField(
        'organId',
        'Nämnd eller bolag',
        c.organs.filter((o) => o.kind !== 'council'),
      ),
      ...DECISION_FIELDS(`Nulägesanalys ${c.budgetYear}`),
    ],
    build: (v, c) => {
      const organ = c.organs.find((o) => o.organId === v.organId);
      return { ok: true, body: { organId: v.organId, decision: decisionOf(v, organ) } };
    },
  },
  {
    id: 'attendance',
    gate: 'omvarldsdag-attendance',
    label: 'Närvaron vid omvärldsdagen',
    path: '/omvarldsdag/attendance',
    fields: (c) =>
      c.cycleOrgans.map(
        (o, i): FieldSpec => ({
          name: `attendees-${o.organId}`,
          label: `Närvarande från ${o.name}`,
          kind: 'textarea',
          optional: true,
          hint: 'Ett namn per rad. Lämna tomt om ingen från organet var där.',
          apiPath: ['attendance', String(i), 'attendees'],
        }),
      ),
    build: (v, c) => {
      const attendance = c.cycleOrgans
        .map((o) => ({
          organId: o.organId,
          attendees: (v[`attendees-${o.organId}`] ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
        }))
        .filter((a) => a.attendees.length > 0);
      const first = c.cycleOrgans[0];
      if (attendance.length === 0 && first)
        return {
          ok: false,
          errors: [{ name: `attendees-${first.organId}`, message: 'Ange närvaron för minst ett organ' }],
        };
      return { ok: true, body: { attendance } };
    },
  },
  {
    id: 'recovery-plan',
    gate: 'recovery-plan',
    label: 'Kommunfullmäktiges åtgärdsplan för balanskravet',
    path: '/balance/recovery-plan',
    fields: (c) => [
      ...DECISION_FIELDS(`Åtgärdsplan för balanskravsresultatet ${c.budgetYear}`),
      ...MEASURES.flatMap(measureFields),
    ],
    build: recoveryBody,
  },
];
