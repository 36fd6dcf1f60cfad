import { randomUUID } from 'node:crypto';
import {
  cycleStream,
  type Decision,
  defaultCalendar,
  municipalityStream,
  parseEvent,
  taskStream,
} from '../../domain';
import type { EventStore, NewEvent } from '../../eventstore';

/** One append: a stream and its events (domain events as stored: type, schemaVersion, data). */
export interface ScenarioAppend {
  streamId: string;
  events: NewEvent<unknown>[];
  occurredAt: string;
}

const by = 'anna.processagare@ale.se';

function decision(body: string, organId: string, date: string, paragraph: number, subject: string): Decision {
  return { organId, body, date, paragraph, caseNumber: `Dnr ${date.slice(0, 4)}.${paragraph}`, subject };
}

/**
 * Builds a scenario's appends with a clock that moves one minute per event. Every event except the
 * deliberately unknown one is checked against the domain schemas, so a fixture cannot silently go stale.
 */
class Script {
  readonly appends: ScenarioAppend[] = [];
  private clock: number;
  constructor(start: string) {
    this.clock = Date.parse(start);
  }
  add(streamId: string, type: string, data: Record<string, unknown>, schemaVersion = 1): this {
    const at = new Date(this.clock).toISOString();
    this.clock += 60_000;
    const event = { eventId: randomUUID(), type, schemaVersion, data: { at, by, ...data } };
    if (type !== 'SomethingNotYetInTheDomain') parseEvent(event);
    this.appends.push({ streamId, events: [event], occurredAt: at });
    return this;
  }
}

const nulagesanalys = (goalId: string) => ({
  kind: 'nulagesanalys',
  content: {
    verksamhetsbeskrivning: { text: 'Verksamheten bedriver förskola och grundskola.' },
    omvarldsanalys: {
      factors: [
        { externalFactorId: 'digitalisering', risks: ['Kompetensbrist'], opportunities: [], response: '' },
      ],
    },
    nulagesanalys: {
      goalFulfilment: [{ goalId, goalType: 'council', status: 'partly_achieved', comment: 'På god väg' }],
      proposedOrganGoals: [],
      conclusions: '',
    },
  },
});

const dialogue = (organId: string) => ({
  kind: 'tillitsdialog',
  content: {
    kind: 'ks_with_organ',
    date: '2026-05-20',
    participants: [
      { name: 'Kommunstyrelsens ordförande', role: 'ordförande', organId: 'ks', departmentId: null },
      { name: 'Nämndens ordförande', role: 'ordförande', organId, departmentId: null },
    ],
    agreements: ['Gemensam uppföljning av frånvaro'],
    proposals: [{ type: 'new_assignment', description: 'Utred samlokalisering' }],
  },
});

const plan = [
  { year: 2027, taxRevenueOre: 210_000_000_000, netCostOre: 205_000_000_000, resultOre: 5_000_000_000 },
  { year: 2028, taxRevenueOre: 216_000_000_000, netCostOre: 211_000_000_000, resultOre: 5_000_000_000 },
  { year: 2029, taxRevenueOre: 222_000_000_000, netCostOre: 217_000_000_000, resultOre: 5_000_000_000 },
];
/** The same plan as events stored it before öre (BudgetProposed v1), in whole kronor. */
const planKronor = plan.map((p) => ({
  year: p.year,
  taxRevenueSek: p.taxRevenueOre / 100,
  netCostSek: p.netCostOre / 100,
  resultSek: p.resultOre / 100,
}));

/**
 * A compact Ale cycle 2027 touching every read model: organisation and goals, the cycle's phases and
 * a moved date, nulägesanalys tasks (one on time, one returned and resubmitted, one late and
 * escalated), tillitsdialoger reported to KF, the budget (KS's proposal in the legacy v1 shape, so it
 * is upcast), a nämnd's plan, and one event type the domain does not know.
 */
export function aleScenario(municipalityId = 'ale', budgetYear = 2027): ScenarioAppend[] {
  const m = municipalityStream(municipalityId);
  const c = cycleStream(municipalityId, budgetYear);
  const task = (organ: string, kind: string) => `${municipalityId}.${budgetYear}.${kind}.${organ}`;
  const s = new Script(`${budgetYear - 1}-01-10T08:00:00.000Z`);
  s.add(m, 'MunicipalityRegistered', { municipalityId, name: 'Ale kommun' });
  const organs = [
    { organId: 'kf', kind: 'council', name: 'Kommunfullmäktige', shortName: 'KF' },
    { organId: 'ks', kind: 'executive_board', name: 'Kommunstyrelsen', shortName: 'KS' },
    { organId: 'bun', kind: 'committee', name: 'Barn- och utbildningsnämnden', shortName: 'BUN' },
    { organId: 'sn', kind: 'committee', name: 'Socialnämnden', shortName: 'SN' },
    { organId: 'alebyggen', kind: 'company', name: 'Alebyggen', shortName: 'Alebyggen' },
  ];
  for (const o of organs) s.add(m, 'OrganAdded', o);
  s.add(m, 'CouncilGoalAdopted', {
    goalId: 'g1',
    title: 'Ale ska vara en attraktiv kommun att växa upp i',
    description: '',
    fromYear: 2023,
    toYear: 2026,
    agenda2030Goals: [4],
    decision: decision('KF', 'kf', '2022-12-19', 201, 'Riktningsmål 2023–2026'),
  });
  s.add(m, 'CouncilGoalAdopted', {
    goalId: 'g2',
    title: 'Trygg vård och omsorg',
    description: '',
    fromYear: 2023,
    toYear: 2026,
    agenda2030Goals: [3],
    decision: null,
  });
  s.add(m, 'OrganGoalAdopted', {
    goalId: 'bun-m1',
    organId: 'bun',
    year: budgetYear,
    title: 'Fler elever når målen',
    description: '',
    councilGoalIds: ['g1'],
    agenda2030Goals: [4],
  });
  s.add(m, 'OrganGoalAdopted', {
    goalId: 'sn-m1',
    organId: 'sn',
    year: budgetYear,
    title: 'Ökad trygghet i hemtjänsten',
    description: '',
    councilGoalIds: ['g1', 'g2'],
    agenda2030Goals: [],
  });
  s.add(m, 'IndicatorAdded', {
    indicatorId: 'bun-i1',
    organGoalId: 'bun-m1',
    name: 'Andel behöriga till gymnasiet',
    unit: '%',
    target: 90,
    baseline: 82,
    period: { from: `${budgetYear}-01-01`, to: `${budgetYear}-12-31` },
  });
  s.add(m, 'IndicatorValueRecorded', {
    indicatorId: 'bun-i1',
    value: 84,
    measuredOn: `${budgetYear - 1}-06-30`,
  });
  s.add(m, 'IndicatorValueRecorded', {
    indicatorId: 'bun-i1',
    value: 86.5,
    measuredOn: `${budgetYear - 1}-12-31`,
  });
  s.add(m, 'IndicatorBoundToKolada', {
    indicatorId: 'bun-i1',
    kpiId: 'N15428',
    years: [budgetYear - 2, budgetYear - 1],
    comparisonMunicipalityCodes: ['1401'],
  });
  const kolada = (municipalityCode: string, period: number, value: number) => ({
    source: 'Kolada',
    url: `https://api.kolada.se/v3/data/kpi/N15428/municipality/${municipalityCode}/year/${period}`,
    kpiId: 'N15428',
    municipalityCode,
    period,
    gender: 'T',
    status: null,
    value,
    count: 1,
    fetchedAt: `${budgetYear - 1}-11-02T07:00:00.000Z`,
  });
  s.add(m, 'KoladaValueRecorded', kolada('1440', budgetYear - 2, 81.2));
  s.add(m, 'KoladaValueRecorded', kolada('1401', budgetYear - 2, 84.9));
  // A revised value replaces the earlier one and counts as a revision.
  s.add(m, 'KoladaValueRecorded', kolada('1440', budgetYear - 2, 81.4));
  s.add(m, 'ActivityAdded', {
    activityId: 'bun-a1',
    organGoalId: 'bun-m1',
    title: 'Läsfrämjande insatser',
    description: '',
    dueDate: `${budgetYear}-06-30`,
    departmentId: null,
  });

  s.add(c, 'CycleStarted', {
    municipalityId,
    budgetYear,
    calendar: defaultCalendar(budgetYear),
    organs: organs.filter((o) => o.kind !== 'council'),
  });
  s.add(c, 'PhaseOpened', { phase: 'omvarldsdag' });
  s.add(c, 'PhaseClosed', { phase: 'omvarldsdag' });
  s.add(c, 'PhaseOpened', { phase: 'nulagesanalys' });
  s.add(c, 'CalendarDateChanged', {
    milestone: 'tillitsdialog.end',
    previousDate: `${budgetYear - 1}-06-15`,
    date: `${budgetYear - 1}-06-20`,
    reason: 'Midsommar',
  });

  const assign = (organId: string, kind: string, phase: string, dueDate: string) =>
    s.add(taskStream(task(organId, kind)), 'TaskAssigned', {
      taskId: task(organId, kind),
      municipalityId,
      budgetYear,
      organId,
      phase,
      kind,
      title: kind === 'tillitsdialog' ? 'Tillitsdialog med KS' : 'Nulägesanalys',
      dueDate,
    });
  const due = `${budgetYear - 1}-04-30`;
  for (const organ of ['bun', 'sn', 'alebyggen']) assign(organ, 'nulagesanalys', 'nulagesanalys', due);
  const t = (organ: string) => task(organ, 'nulagesanalys');
  const ts = (organ: string) => taskStream(t(organ));
  s.add(ts('bun'), 'TaskSubmitted', {
    taskId: t('bun'),
    organId: 'bun',
    revision: 1,
    late: false,
    submission: nulagesanalys('g1'),
  });
  s.add(ts('bun'), 'TaskApproved', { taskId: t('bun'), revision: 1 });
  s.add(ts('sn'), 'TaskSubmitted', {
    taskId: t('sn'),
    organId: 'sn',
    revision: 1,
    late: false,
    submission: nulagesanalys('g2'),
  });
  s.add(ts('sn'), 'TaskReturnedForRevision', {
    taskId: t('sn'),
    revision: 1,
    reason: 'Omvärldsanalysen saknar demografi',
  });
  s.add(ts('sn'), 'TaskSubmitted', {
    taskId: t('sn'),
    organId: 'sn',
    revision: 2,
    late: true,
    submission: nulagesanalys('g2'),
  });
  s.add(ts('sn'), 'TaskApproved', { taskId: t('sn'), revision: 2 });
  s.add(ts('alebyggen'), 'TaskReminderSent', { taskId: t('alebyggen'), dueDate: due });
  s.add(ts('alebyggen'), 'TaskEscalated', {
    taskId: t('alebyggen'),
    dueDate: due,
    escalatedTo: ['anna.processagare@ale.se'],
  });
  s.add(ts('alebyggen'), 'TaskSubmitted', {
    taskId: t('alebyggen'),
    organId: 'alebyggen',
    revision: 1,
    late: true,
    submission: nulagesanalys('g1'),
  });
  s.add(c, 'PhaseClosed', { phase: 'nulagesanalys' });
  s.add(c, 'PhaseOpened', { phase: 'tillitsdialog' });

  const dueDialogue = `${budgetYear - 1}-06-20`;
  for (const organ of ['bun', 'sn']) {
    assign(organ, 'tillitsdialog', 'tillitsdialog', dueDialogue);
    const id = task(organ, 'tillitsdialog');
    s.add(taskStream(id), 'TaskSubmitted', {
      taskId: id,
      organId: organ,
      revision: 1,
      late: false,
      submission: dialogue(organ),
    });
    s.add(taskStream(id), 'TaskApproved', { taskId: id, revision: 1 });
  }
  s.add(c, 'DialogueOutcomesReported', {
    decision: decision('KF', 'kf', `${budgetYear - 1}-06-18`, 88, 'Redovisning av tillitsdialoger'),
    dialogueTaskIds: [task('bun', 'tillitsdialog'), task('sn', 'tillitsdialog')],
  });
  s.add(c, 'PhaseClosed', { phase: 'tillitsdialog' });
  s.add(c, 'PhaseOpened', { phase: 'budget' });
  s.add(
    c,
    'BudgetProposed',
    {
      decision: decision('KS', 'ks', `${budgetYear - 1}-10-15`, 140, 'Budget 2027 med plan 2028–2029'),
      framesTkr: { ks: 180_000, bun: 950_000, sn: 700_000 },
      plan: planKronor,
    },
    1,
  );
  s.add(
    c,
    'BudgetAdopted',
    {
      decision: decision('KF', 'kf', `${budgetYear - 1}-11-25`, 160, 'Budget 2027 med plan 2028–2029'),
      frames: [
        { organId: 'ks', amountOre: 18_100_000_000 },
        { organId: 'bun', amountOre: 95_500_000_050 },
        { organId: 'sn', amountOre: 70_250_000_000 },
      ],
      plan,
      taxRateOre: 2223,
      // Two days after the planned date: recorded, not refused.
      deviations: [
        {
          rule: 'budget.kf-adoption-deadline',
          limit: 'planned',
          deadline: `${budgetYear - 1}-11-23`,
          decidedOn: `${budgetYear - 1}-11-25`,
          daysLate: 2,
        },
      ],
    },
    2,
  );
  s.add(c, 'OrganPlanAdopted', {
    organId: 'bun',
    decision: decision('BUN', 'bun', `${budgetYear - 1}-12-14`, 95, 'Verksamhetsplan 2027'),
    taskId: null,
  });
  s.add(c, 'SomethingNotYetInTheDomain', { note: 'skipped by every read model' });
  return s.appends;
}

export async function appendScenario(store: EventStore, appends: readonly ScenarioAppend[]): Promise<void> {
  for (const a of appends) {
    await store.append(a.streamId, 'any', a.events, {
      actor: by,
      occurredAt: a.occurredAt,
      correlationId: 'scenario',
      causationId: 'scenario',
    });
  }
}
