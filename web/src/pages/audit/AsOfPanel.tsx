/** Tillståndet per datum: the cycle's phases and the tasks as they were at the end of a chosen day. */
import { useId, useState } from 'react';
import { api, m } from '../../api';
import {
  DATE_HINT,
  DATE_INPUT,
  formatDate,
  isIsoDateText,
  PHASE_STATUS_LABEL,
  PHASES,
  phaseLabel,
  sortSv,
  taskStatusLabel,
} from '../../format';
import { messageOf, StatusBadge, useApp } from '../../lib';
import { useYears, YearPicker } from '../YearPicker';

interface InboxRow {
  task_id: string;
  budget_year: number;
  organ_id: string;
  title: string;
  status: string;
  revision: number;
  due_date: string;
}

const DATE_ERROR = 'Ange ett datum som ÅÅÅÅ-MM-DD.';

export function AsOfPanel() {
  const { session, organName } = useApp();
  const [chosen, setChosen] = useState<number | null>(null);
  const { years, year } = useYears(chosen);
  const [date, setDate] = useState('');
  const [result, setResult] = useState<{
    date: string;
    phases: Record<string, string> | null;
    tasks: InboxRow[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function show() {
    if (!isIsoDateText(date)) {
      setError(DATE_ERROR);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const q = `asOf=${encodeURIComponent(date)}`;
      const [cycle, rm] = await Promise.all([
        year === null
          ? Promise.resolve(null)
          : api<{ state: { status: string; phases?: Record<string, string> } }>(
              'GET',
              m(session, `/audit/state/cycles/${year}?${q}`),
              { token: session.token },
            ),
        api<{ readModels: { task_inbox?: { rm_inbox_tasks?: InboxRow[] } } }>(
          'GET',
          m(session, `/audit/read-models?${q}`),
          { token: session.token },
        ),
      ]);
      setResult({
        date,
        phases: cycle?.state.phases ?? null,
        tasks: (rm.readModels.task_inbox?.rm_inbox_tasks ?? []).filter(
          (t) => year === null || t.budget_year === year,
        ),
      });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>Tillståndet per datum</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
        noValidate
      >
        <YearPicker years={years} year={year} onChange={setChosen} />
        <div className="field inline">
          <label htmlFor={`${id}-d`}>Datum</label>
          <input
            id={`${id}-d`}
            {...DATE_INPUT}
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={error === DATE_ERROR ? true : undefined}
            aria-describedby={error ? `${id}-hint ${id}-err` : `${id}-hint`}
          />
          <span id={`${id}-hint`} className="hint">
            {DATE_HINT}
          </span>
        </div>
        <button type="submit" disabled={busy}>
          Visa tillståndet
        </button>
      </form>
      {error && (
        <p role="alert" id={`${id}-err`} className="error">
          {error}
        </p>
      )}
      {result && (
        <div aria-live="polite">
          <h3>Som det var vid dagens slut {formatDate(result.date)}</h3>
          {result.phases ? (
            <ul className="phase-list inline-list">
              {PHASES.map((p) => (
                <li key={p}>
                  {phaseLabel(p)}:{' '}
                  <StatusBadge
                    status={result.phases?.[p] ?? 'pending'}
                    label={PHASE_STATUS_LABEL[result.phases?.[p] ?? 'pending'] ?? ''}
                  />
                </li>
              ))}
            </ul>
          ) : (
            <p>Cykeln var inte startad då.</p>
          )}
          {result.tasks.length === 0 ? (
            <p>Inga uppgifter var tilldelade då.</p>
          ) : (
            <table>
              <caption>Uppgifternas status {formatDate(result.date)}</caption>
              <thead>
                <tr>
                  <th scope="col">Organ</th>
                  <th scope="col">Uppgift</th>
                  <th scope="col">Status</th>
                  <th scope="col">Inlämningar</th>
                </tr>
              </thead>
              <tbody>
                {sortSv(result.tasks, (t) => organName(t.organ_id)).map((t) => (
                  <tr key={t.task_id}>
                    <td>{organName(t.organ_id)}</td>
                    <td>{t.title}</td>
                    <td>
                      <StatusBadge status={t.status} label={taskStatusLabel(t.status)} />
                    </td>
                    <td>{t.revision}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
