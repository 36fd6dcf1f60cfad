/** Sista dagar: försenade och eskalerade uppgifter; flytta en uppgifts sista dag inom lagens gräns, eller avbryt uppgiften. */
import { useId, useState } from 'react';
import type { CycleCalendar } from '../../../../domain/calendar/schema';
import type { CycleStatus, TaskRow } from '../../cycles';
import { formatDate, KIND_LABEL, taskStatusLabel } from '../../format';
import { href, Loading, PageHeading, useApp, useGet } from '../../lib';
import { useYears, YearPicker } from '../YearPicker';
import { CalendarChangeForm } from './CalendarChange';
import { QuickForm } from './form-kit';
import { collator, send } from './model';

type PlannedWithLimit = CycleStatus['plannedTasks'][number]['tasks'][number] & { legalLimit?: string | null };

export function DeadlinesPage() {
  const { session, asOf, organName } = useApp();
  const canEdit = !asOf && session.role === 'process_owner';
  const id = useId().replace(/:/g, '');
  const [picked, setPicked] = useState<number | null>(null);
  const { years, year } = useYears(picked);
  const tasks = useGet<{ tasks: TaskRow[] }>(year ? `/tasks?budgetYear=${year}` : null);
  const status = useGet<CycleStatus>(year ? `/cycles/${year}` : null);
  const [onlyLate, setOnlyLate] = useState(false);

  const limits = new Map<string, string | null>();
  if (status.state === 'done')
    for (const p of status.data.plannedTasks)
      for (const t of p.tasks as PlannedWithLimit[]) limits.set(t.taskId, t.legalLimit ?? null);
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Sista dagar</PageHeading>
      <p>
        Uppgifter som lämnats in för sent eller eskalerats till processägaren, och flytt av en uppgifts sista
        dag. Servern tillåter inte en sista dag efter lagens gräns.
      </p>
      <YearPicker years={years} year={year} onChange={setPicked} />
      <label className="check">
        <input type="checkbox" checked={onlyLate} onChange={(e) => setOnlyLate(e.target.checked)} />
        Visa bara försenade och eskalerade uppgifter
      </label>
      {year !== null && (
        <Loading result={tasks}>
          {({ tasks: rows }) => {
            const flagged = (t: TaskRow) =>
              t.escalated || t.lastSubmissionLate === true || (t.open && t.dueDate < today);
            const shown = rows
              .filter((t) => !onlyLate || flagged(t))
              .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || collator.compare(a.title, b.title));
            const open = rows.filter((t) => t.open).sort((a, b) => collator.compare(a.title, b.title));
            const reload = tasks.state === 'done' ? tasks.reload : () => undefined;
            return (
              <>
                <table>
                  <caption>Uppgifter {year}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Uppgift</th>
                      <th scope="col">Organ</th>
                      <th scope="col">Sista dag</th>
                      <th scope="col">Lagens gräns</th>
                      <th scope="col">Status</th>
                      <th scope="col">Avvikelse</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((t) => {
                      const limit = limits.get(t.taskId);
                      return (
                        <tr key={t.taskId}>
                          <td>
                            <a href={href('uppgift', t.taskId)}>{t.title}</a>
                          </td>
                          <td>{organName(t.organId)}</td>
                          <td>{formatDate(t.dueDate)}</td>
                          <td>{limit ? formatDate(limit) : 'Ingen'}</td>
                          <td>{taskStatusLabel(t.status)}</td>
                          <td>
                            {[
                              t.escalated ? 'Eskalerad' : null,
                              t.lastSubmissionLate ? 'Inlämnad för sent' : null,
                              t.open && t.dueDate < today ? 'Sista dag passerad' : null,
                            ]
                              .filter(Boolean)
                              .join(', ') || '–'}
                          </td>
                        </tr>
                      );
                    })}
                    {shown.length === 0 && (
                      <tr>
                        <td colSpan={6}>Inga uppgifter att visa.</td>
                      </tr>
                    )}
                  </tbody>
                </table>
                {canEdit && open.length > 0 && (
                  <QuickForm
                    title="Flytta en uppgifts sista dag"
                    submitLabel="Flytta sista dag"
                    keep
                    fields={[
                      {
                        name: 'taskId',
                        label: 'Uppgift',
                        kind: 'select',
                        options: open.map((t) => {
                          const limit = limits.get(t.taskId);
                          return {
                            value: t.taskId,
                            label: `${t.title} (${KIND_LABEL[t.kind] ?? t.kind}; sista dag ${formatDate(t.dueDate)}${limit ? `, lagens gräns ${formatDate(limit)}` : ''})`,
                          };
                        }),
                      },
                      {
                        name: 'dueDate',
                        label: 'Ny sista dag',
                        kind: 'date',
                        hint: 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-15. Det får inte ligga efter lagens gräns.',
                      },
                      { name: 'reason', label: 'Skäl till flytten', kind: 'textarea' },
                    ]}
                    build={(v) => ({
                      ok: true,
                      body: { taskId: v.taskId, dueDate: v.dueDate, reason: v.reason?.trim() },
                    })}
                    send={(body) => {
                      const { taskId, ...rest } = body as { taskId: string; dueDate: string; reason: string };
                      return send(session, 'POST', `/tasks/${encodeURIComponent(taskId)}/due-date`, rest);
                    }}
                    done={(v) => {
                      // The list is a read model, updated moments after the task's event.
                      for (const ms of [0, 1000, 3000]) setTimeout(reload, ms);
                      return `Sista dag är nu ${formatDate(v.dueDate)}.`;
                    }}
                  />
                )}
                {canEdit && open.length > 0 && (
                  <QuickForm
                    title="Avbryt en uppgift"
                    submitLabel="Avbryt uppgiften"
                    keep
                    fields={[
                      {
                        name: 'taskId',
                        label: 'Uppgift att avbryta',
                        kind: 'select',
                        options: open.map((t) => ({
                          value: t.taskId,
                          label: `${t.title} (${organName(t.organId)})`,
                        })),
                      },
                      {
                        name: 'reason',
                        label: 'Skäl till att uppgiften avbryts',
                        kind: 'textarea',
                        hint: 'Skälet sparas i historiken och syns för organet. Uppgiften får inga fler påminnelser.',
                      },
                    ]}
                    build={(v) => ({ ok: true, body: { taskId: v.taskId, reason: v.reason?.trim() } })}
                    send={(body) => {
                      const { taskId, ...rest } = body as { taskId: string; reason: string };
                      return send(session, 'POST', `/tasks/${encodeURIComponent(taskId)}/cancellation`, rest);
                    }}
                    done={() => {
                      for (const ms of [0, 1000, 3000]) setTimeout(reload, ms);
                      return 'Uppgiften är avbruten.';
                    }}
                  />
                )}
              </>
            );
          }}
        </Loading>
      )}
      {canEdit && year !== null && status.state === 'done' && status.data.cycle.status === 'running' && (
        <CalendarChangeForm
          year={year}
          calendar={status.data.cycle.calendar as unknown as CycleCalendar}
          phases={status.data.cycle.phases}
          done={status.reload}
        />
      )}
    </section>
  );
}
