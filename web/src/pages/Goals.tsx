import { useId } from 'react';
import { formatDate, formatNumber, GOAL_STATUS_LABEL, sortSv } from '../format';
import { Loading, PageHeading, useApp, useGet } from '../lib';
import { type KoladaTables, KoladaValues } from './KoladaValues';

interface GoalTables {
  rm_goal_council?: {
    goal_id: string;
    title: string;
    description: string;
    from_year: number;
    to_year: number;
  }[];
  rm_goal_organ?: { goal_id: string; organ_id: string; year: number; title: string; description: string }[];
  rm_goal_links?: { organ_goal_id: string; council_goal_id: string }[];
  rm_goal_indicators?: {
    indicator_id: string;
    organ_goal_id: string;
    name: string;
    unit: string;
    target: number;
    baseline: number | null;
    latest_value: number | null;
    latest_measured_on: string | null;
  }[];
  rm_goal_fulfilment?: {
    goal_type: string;
    goal_id: string;
    organ_id: string;
    budget_year: number;
    report_kind: string;
    status: string;
    approved: boolean;
  }[];
}

const STATUS_ORDER = ['achieved', 'partly_achieved', 'not_achieved', 'not_assessed'];

function Fulfilment({ rows }: { rows: GoalTables['rm_goal_fulfilment'] }) {
  const list = rows ?? [];
  if (list.length === 0) return <span className="muted">Ingen bedömning ännu</span>;
  const counts = STATUS_ORDER.map((s) => [s, list.filter((r) => r.status === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  return (
    <span>
      {counts.map(([s, n], i) => (
        <span key={s}>
          {i > 0 ? ', ' : ''}
          <span className={`badge badge-goal-${s}`}>{GOAL_STATUS_LABEL[s]}</span> ({n})
        </span>
      ))}
    </span>
  );
}

export function GoalsPage() {
  const { organName } = useApp();
  const result = useGet<GoalTables>('/reports/goals');
  const kolada = useGet<KoladaTables>('/kolada/values');
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Mål och måluppfyllelse</PageHeading>
      <p>
        Riktningsmål (kommunfullmäktige) → nämndmål (organen) → indikatorer, med måluppfyllelse enligt
        organens bedömningar.
      </p>
      <Loading result={result}>
        {(t) => {
          const fulfil = (type: string, goalId: string) =>
            (t.rm_goal_fulfilment ?? []).filter((f) => f.goal_type === type && f.goal_id === goalId);
          return (
            <ol className="goal-tree">
              {sortSv(t.rm_goal_council ?? [], (cg) => cg.title).map((cg) => {
                const organGoals = sortSv(t.rm_goal_organ ?? [], (og) => og.title).filter((og) =>
                  (t.rm_goal_links ?? []).some(
                    (l) => l.council_goal_id === cg.goal_id && l.organ_goal_id === og.goal_id,
                  ),
                );
                return (
                  <li key={cg.goal_id}>
                    <h2>{cg.title}</h2>
                    <p className="muted">
                      Riktningsmål {cg.from_year}–{cg.to_year}. {cg.description}
                    </p>
                    <p>
                      Måluppfyllelse: <Fulfilment rows={fulfil('council', cg.goal_id)} />
                    </p>
                    {organGoals.length === 0 ? (
                      <p className="muted">Inga nämndmål kopplade ännu.</p>
                    ) : (
                      <ul>
                        {organGoals.map((og) => (
                          <li key={og.goal_id}>
                            <h3>
                              {og.title}{' '}
                              <span className="muted">
                                ({organName(og.organ_id)}, {og.year})
                              </span>
                            </h3>
                            <p>
                              Måluppfyllelse: <Fulfilment rows={fulfil('organ', og.goal_id)} />
                            </p>
                            <ul className="indicators">
                              {(t.rm_goal_indicators ?? [])
                                .filter((ind) => ind.organ_goal_id === og.goal_id)
                                .map((ind) => (
                                  <li key={ind.indicator_id}>
                                    Indikator: {ind.name} – målvärde {formatNumber(ind.target)} {ind.unit}
                                    {ind.baseline !== null && `, utgångsvärde ${formatNumber(ind.baseline)}`}
                                    {ind.latest_value !== null
                                      ? `, senast ${formatNumber(ind.latest_value)} (${formatDate(ind.latest_measured_on)})`
                                      : ', inget mätvärde ännu'}
                                    <KoladaValues indicatorId={ind.indicator_id} result={kolada} />
                                  </li>
                                ))}
                            </ul>
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                );
              })}
            </ol>
          );
        }}
      </Loading>
    </section>
  );
}
