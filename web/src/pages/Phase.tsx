import { useId } from 'react';
import { type CycleStatus, phasePeriods, type TaskRow } from '../cycles';
import {
  formatDate,
  KIND_LABEL,
  PHASE_STATUS_LABEL,
  type Phase,
  phaseLabel,
  sortSv,
  taskStatusLabel,
} from '../format';
import { href, Loading, PageHeading, StatusBadge, useApp, useGet } from '../lib';

export function PhasePage({ budgetYear, phase }: { budgetYear: number; phase: string }) {
  const { organName, session } = useApp();
  const cycle = useGet<CycleStatus>(`/cycles/${budgetYear}`);
  const tasks = useGet<{ tasks: TaskRow[] }>(`/tasks?budgetYear=${budgetYear}`);
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <p>
        <a href={href('arshjul')}>← Årshjulet</a>
      </p>
      <PageHeading id={`${id}-h`}>
        {phaseLabel(phase)} – budgetår {budgetYear}
      </PageHeading>
      <Loading result={cycle}>
        {(c) => {
          const status = c.cycle.phases[phase as Phase];
          const [from, to] = phasePeriods(c.cycle.calendar)[phase as Phase] ?? ['', ''];
          const planned = c.plannedTasks.find((p) => p.phase === phase)?.tasks ?? [];
          const byId = new Map((tasks.state === 'done' ? tasks.data.tasks : []).map((t) => [t.taskId, t]));
          const visible =
            session.role === 'secretary'
              ? planned.filter((t) => session.organs.includes(t.organId))
              : sortSv(planned, (t) => organName(t.organId));
          return (
            <>
              <dl className="facts">
                <dt>Status</dt>
                <dd>
                  <StatusBadge
                    status={status ?? 'pending'}
                    label={PHASE_STATUS_LABEL[status ?? 'pending'] ?? ''}
                  />
                </dd>
                <dt>Period</dt>
                <dd>
                  {formatDate(from)}
                  {from !== to ? ` – ${formatDate(to)}` : ''}
                </dd>
              </dl>
              <h2>Uppgifter</h2>
              {visible.length === 0 ? (
                <p>Fasen har inga uppgifter{session.role === 'secretary' ? ' för ditt organ' : ''}.</p>
              ) : (
                <table>
                  <caption className="visually-hidden">Fasens uppgifter per organ</caption>
                  <thead>
                    <tr>
                      <th scope="col">Organ</th>
                      <th scope="col">Uppgift</th>
                      <th scope="col">Sista dag</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {visible.map((t) => {
                      const row = byId.get(t.taskId);
                      return (
                        <tr key={t.taskId}>
                          <td>{organName(t.organId)}</td>
                          <td>
                            {row ? <a href={href('uppgift', t.taskId)}>{t.title}</a> : t.title}{' '}
                            <span className="muted">({KIND_LABEL[t.kind] ?? t.kind})</span>
                          </td>
                          <td>{formatDate(t.dueDate)}</td>
                          <td>
                            {row ? (
                              <StatusBadge status={row.status} label={taskStatusLabel(row.status)} />
                            ) : (
                              <span className="muted">Ej tilldelad ännu</span>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </Loading>
    </section>
  );
}
