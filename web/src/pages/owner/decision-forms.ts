/**
 * Each decision the cycle waits for as a form: its fields (body, date, §, Dnr and the kind's own facts)
 * and how the values become the API's body. Money is typed as "1 234 567,89" and read by parseSek.
 */
import { parseSek } from '../../format';
import type { Built, FieldError, FieldSpec, Values } from './form-kit';
import type { OrganFull } from './model';

export interface DecisionContext {
  budgetYear: number;
  organs: OrganFull[];
  /** The organs of this cycle (the municipality's organs may include ones added since it started). */
  cycleOrgans: OrganFull[];
  council: OrganFull | undefined;
  board: OrganFull | undefined;
  dialogueTasks: { taskId: string; title: string }[];
  interimPeriodEnd: string;
}

export interface DecisionKind {
  id: string;
  /** Swedish: the decision as the process owner names it. */
  label: string;
  path: string;
  /** The gate (phase-plan.ts) this decision satisfies. */
  gate: string;
  fields(c: DecisionContext): FieldSpec[];
  build(v: Values, c: DecisionContext): Built;
}

export const DECISION_FIELDS = (subject: string): FieldSpec[] => [
  { name: 'date', label: 'Sammanträdesdatum', kind: 'date', apiPath: ['decision', 'date'] },
  {
    name: 'paragraph',
    label: 'Paragraf (§)',
    kind: 'number',
    hint: 'Protokollets paragrafnummer, t.ex. 112.',
    apiPath: ['decision', 'paragraph'],
  },
  {
    name: 'caseNumber',
    label: 'Diarienummer',
    hint: 'Till exempel 2026.123 (skrivs "Dnr 2026.123" i beslutet).',
    apiPath: ['decision', 'caseNumber'],
  },
  {
    name: 'subject',
    label: 'Ärendemening',
    hint: `Vad beslutet gäller, t.ex. "${subject}".`,
    apiPath: ['decision', 'subject'],
  },
];

export function decisionOf(v: Values, organ: OrganFull | undefined) {
  const dnr = (v.caseNumber ?? '').trim().replace(/^dnr\s*/i, '');
  return {
    organId: organ?.organId ?? '',
    body: organ?.shortName ?? '',
    date: v.date,
    paragraph: Number(v.paragraph),
    caseNumber: `Dnr ${dnr}`,
    subject: (v.subject ?? '').trim(),
  };
}

export const organField = (name: string, label: string, organs: OrganFull[]): FieldSpec => ({
  name,
  label,
  kind: 'select',
  options: organs.map((o) => ({ value: o.organId, label: o.name })),
});

const framed = (c: DecisionContext) =>
  c.organs.filter((o) => o.kind === 'executive_board' || o.kind === 'committee');

const PLAN_ROWS = [
  ['taxRevenue', 'Skatteintäkter och generella statsbidrag'],
  ['netCost', 'Verksamhetens nettokostnader'],
  ['result', 'Resultat'],
] as const;

function budgetFields(c: DecisionContext, subject: string): FieldSpec[] {
  const money = 'I kronor, t.ex. 1 234 567,89.';
  return [
    ...DECISION_FIELDS(subject),
    ...framed(c).map(
      (o, i): FieldSpec => ({
        name: `frame-${o.organId}`,
        label: `Ram för ${o.name}`,
        kind: 'money',
        hint: money,
        apiPath: ['frames', String(i), 'amountSek'],
      }),
    ),
    ...[0, 1, 2].flatMap((offset) =>
      PLAN_ROWS.map(
        ([key, label]): FieldSpec => ({
          name: `${key}-${offset}`,
          label: `${label} ${c.budgetYear + offset}`,
          kind: 'money',
          hint: money,
          apiPath: ['plan', String(offset), `${key}Sek`],
        }),
      ),
    ),
    {
      name: 'taxRate',
      label: 'Skattesats',
      kind: 'money',
      optional: true,
      hint: 'Kronor per 100 kr beskattningsbar inkomst, t.ex. 22,23.',
      apiPath: ['taxRateOre'],
    },
  ];
}

function budgetBody(v: Values, c: DecisionContext, organ: OrganFull | undefined): Built {
  const errors: FieldError[] = [];
  const sek = (name: string): string => {
    const parsed = parseSek(v[name] ?? '');
    if (!parsed.ok) errors.push({ name, message: parsed.message });
    return parsed.ok ? parsed.kronor : '0';
  };
  const frames = framed(c).map((o) => ({ organId: o.organId, amountSek: sek(`frame-${o.organId}`) }));
  const plan = [0, 1, 2].map((offset) => ({
    year: c.budgetYear + offset,
    taxRevenueSek: sek(`taxRevenue-${offset}`),
    netCostSek: sek(`netCost-${offset}`),
    resultSek: sek(`result-${offset}`),
  }));
  let taxRateOre: number | null = null;
  if (v.taxRate?.trim()) {
    const rate = sek('taxRate');
    taxRateOre = Math.round(Number(rate) * 100);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, body: { decision: decisionOf(v, organ), frames, plan, taxRateOre } };
}

const simple = (
  id: string,
  gate: string,
  label: string,
  path: string,
  who: 'council' | 'board',
  subject: string,
): DecisionKind => ({
  id,
  gate,
  label,
  path,
  fields: () => DECISION_FIELDS(subject),
  build: (v, c) => ({ ok: true, body: { decision: decisionOf(v, who === 'council' ? c.council : c.board) } }),
});

export const DECISION_KINDS: DecisionKind[] = [
  {
    id: 'dialogues',
    gate: 'dialogues-reported',
    label: 'Tillitsdialogerna redovisade för kommunfullmäktige',
    path: '/dialogue-reports',
    fields: (c) => [
      ...DECISION_FIELDS('Redovisning av tillitsdialoger'),
      {
        name: 'dialogueTaskIds',
        label: 'Tillitsdialoger som redovisas',
        kind: 'checkboxes',
        options: c.dialogueTasks.map((t) => ({ value: t.taskId, label: t.title })),
        apiPath: ['dialogueTaskIds'],
      },
    ],
    build: (v, c) => ({
      ok: true,
      body: { decision: decisionOf(v, c.council), dialogueTaskIds: (v.dialogueTaskIds ?? '').split(',') },
    }),
  },
  {
    id: 'proposal',
    gate: 'budget-proposed',
    label: 'Kommunstyrelsens budgetförslag',
    path: '/budget/proposal',
    fields: (c) => budgetFields(c, `Förslag till budget ${c.budgetYear}`),
    build: (v, c) => budgetBody(v, c, c.board),
  },
  {
    id: 'adoption',
    gate: 'budget-adopted',
    label: 'Kommunfullmäktiges beslut om budget',
    path: '/budget/adoption',
    fields: (c) => budgetFields(c, `Budget ${c.budgetYear} med plan`),
    build: (v, c) => budgetBody(v, c, c.council),
  },
  {
    id: 'plan',
    gate: 'plans-adopted',
    label: 'En nämnds beslut om verksamhetsplan',
    path: '/plan-adoptions',
    fields: (c) => [
      organField(
        'organId',
        'Nämnd',
        c.organs.filter((o) => o.kind === 'committee'),
      ),
      ...DECISION_FIELDS('Verksamhetsplan med internbudget'),
    ],
    build: (v, c) => {
      const organ = c.organs.find((o) => o.organId === v.organId);
      return { ok: true, body: { organId: v.organId, decision: decisionOf(v, organ) } };
    },
  },
  {
    id: 'interim',
    gate: 'interim-submitted',
    label: 'Kommunstyrelsens delårsrapport till fullmäktige och revisorerna',
    path: '/interim-report',
    fields: () => [
      { name: 'periodEnd', label: 'Delårsperiodens sista dag', kind: 'date', apiPath: ['periodEnd'] },
      ...DECISION_FIELDS('Delårsrapport'),
    ],
    build: (v, c) => ({ ok: true, body: { decision: decisionOf(v, c.board), periodEnd: v.periodEnd } }),
  },
  simple(
    'interim-treatment',
    'interim-treated',
    'Kommunfullmäktiges behandling av delårsrapporten',
    '/interim-report/treatment',
    'council',
    'Delårsrapport',
  ),
  simple(
    'annual',
    'annual-submitted',
    'Kommunstyrelsens årsredovisning till fullmäktige och revisorerna',
    '/annual-report',
    'board',
    'Årsredovisning',
  ),
  simple(
    'annual-approval',
    'annual-approved',
    'Kommunfullmäktiges godkännande av årsredovisningen',
    '/annual-report/approval',
    'council',
    'Godkännande av årsredovisning',
  ),
  {
    id: 'discharge',
    gate: 'discharge',
    label: 'Kommunfullmäktiges beslut om ansvarsfrihet',
    path: '/discharges',
    fields: (c) => [
      organField(
        'organId',
        'Organ som prövas',
        c.organs.filter((o) => o.kind === 'executive_board' || o.kind === 'committee'),
      ),
      {
        name: 'granted',
        label: 'Beviljas ansvarsfrihet?',
        requiredMessage: 'Välj om ansvarsfrihet beviljas',
        kind: 'radio',
        options: [
          { value: 'yes', label: 'Ja, ansvarsfrihet beviljas' },
          { value: 'no', label: 'Nej, ansvarsfrihet vägras' },
        ],
      },
      ...DECISION_FIELDS('Ansvarsfrihet'),
    ],
    build: (v, c) => ({
      ok: true,
      body: { organId: v.organId, granted: v.granted === 'yes', decision: decisionOf(v, c.council) },
    }),
  },
];
