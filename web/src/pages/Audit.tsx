import { useEffect, useId, useMemo, useState } from 'react';
import { api, m } from '../api';
import {
  DATE_HINT,
  DATE_INPUT,
  eventLabel,
  formatDate,
  formatDateTime,
  isIsoDateText,
  PHASE_STATUS_LABEL,
  PHASES,
  phaseLabel,
  sortSv,
  taskStatusLabel,
} from '../format';
import { messageOf, PageHeading, StatusBadge, useApp } from '../lib';
import { ExportButton } from './audit/ExportButton';
import { useYears, YearPicker } from './YearPicker';

interface AuditEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor?: string };
  occurredAt: string;
  hash: string;
}

type Verify =
  | { ok: true; count: number; lastPosition: number }
  | { ok: false; firstBadPosition: number; reason: string; count?: number };

const stockholmDay = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(iso));

export function AuditPage() {
  const { session, organName, municipality } = useApp();
  const id = useId();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [organ, setOrgan] = useState('');
  const [phase, setPhase] = useState('');
  const [type, setType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  useEffect(() => {
    let live = true;
    (async () => {
      const all: AuditEvent[] = [];
      for (let after = 0; ; ) {
        const page = await api<{ events: AuditEvent[]; nextAfter: number | null }>(
          'GET',
          m(session, `/audit/events?after=${after}&limit=1000`),
          { token: session.token },
        );
        all.push(...page.events);
        if (page.nextAfter === null) break;
        after = page.nextAfter;
      }
      return all;
    })().then(
      (all) => live && setEvents(all),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [session]);

  /** Organ and phase of each task stream, from its TaskAssigned event. */
  const streams = useMemo(() => {
    const map = new Map<string, { organId?: string; phase?: string }>();
    for (const e of events ?? []) {
      if (e.type === 'TaskAssigned')
        map.set(e.streamId, { organId: String(e.data.organId), phase: String(e.data.phase) });
    }
    return map;
  }, [events]);
  const organOf = (e: AuditEvent) =>
    (e.data.organId as string | undefined) ?? streams.get(e.streamId)?.organId;
  const phaseOf = (e: AuditEvent) => (e.data.phase as string | undefined) ?? streams.get(e.streamId)?.phase;

  const types = useMemo(() => sortSv(new Set((events ?? []).map((e) => e.type)), eventLabel), [events]);
  const filtered = (events ?? []).filter((e) => {
    const day = stockholmDay(e.occurredAt);
    return (
      (!organ || organOf(e) === organ) &&
      (!phase || phaseOf(e) === phase) &&
      (!type || e.type === type) &&
      (!isIsoDateText(from) || day >= from) &&
      (!isIsoDateText(to) || day <= to)
    );
  });

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Revision</PageHeading>
      <p>
        Hela händelsehistoriken i ordning, tillståndet per ett valt datum och kontroll av hashkedjan som visar
        att ingen händelse har ändrats eller tagits bort.
      </p>
      <ExportButton />
      <VerifyPanel />
      <AsOfPanel />
      <section aria-labelledby={`${id}-t`}>
        <h2 id={`${id}-t`}>Händelser</h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filtrera händelser">
          <div className="field">
            <label htmlFor={`${id}-organ`}>Organ</label>
            <select id={`${id}-organ`} value={organ} onChange={(e) => setOrgan(e.target.value)}>
              <option value="">Alla organ</option>
              {sortSv(Object.values(municipality?.organs ?? {}), (o) => o.name).map((o) => (
                <option key={o.organId} value={o.organId}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-phase`}>Fas</label>
            <select id={`${id}-phase`} value={phase} onChange={(e) => setPhase(e.target.value)}>
              <option value="">Alla faser</option>
              {PHASES.map((p) => (
                <option key={p} value={p}>
                  {phaseLabel(p)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`}>Händelsetyp</label>
            <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">Alla typer</option>
              {types.map((t) => (
                <option key={t} value={t}>
                  {eventLabel(t)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>Från datum</label>
            <input
              id={`${id}-from`}
              {...DATE_INPUT}
              aria-describedby={`${id}-date-hint`}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>Till datum</label>
            <input
              id={`${id}-to`}
              {...DATE_INPUT}
              aria-describedby={`${id}-date-hint`}
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
          <p id={`${id}-date-hint`} className="hint">
            {DATE_HINT}
          </p>
        </form>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {!events && !error && <p aria-live="polite">Laddar händelser …</p>}
        {events && (
          <>
            <p role="status" aria-live="polite">
              Visar {filtered.length} av {events.length} händelser.
            </p>
            <ol className="timeline" aria-label="Tidslinje">
              {filtered.map((e) => {
                const o = organOf(e);
                const p = phaseOf(e);
                return (
                  <li key={e.globalPosition} className={`ev ev-${e.type}`}>
                    <div className="ev-when">
                      <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
                      <span className="muted">#{e.globalPosition}</span>
                    </div>
                    <div className="ev-what">
                      <strong>{eventLabel(e.type)}</strong>
                      {p && <span className="tag">{phaseLabel(p)}</span>}
                      {o && <span className="tag">{organName(o)}</span>}
                      {typeof e.data.reason === 'string' && <div>Skäl: {e.data.reason}</div>}
                      <div className="muted small">
                        {e.streamId} v{e.streamVersion}
                        {typeof e.data.by === 'string' ? ` · av ${e.data.by}` : ''} · hash{' '}
                        {e.hash.slice(0, 12)}…
                      </div>
                    </div>
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </section>
    </section>
  );
}

function VerifyPanel() {
  const { session } = useApp();
  const [result, setResult] = useState<Verify | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  async function verify() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api<Verify>('GET', m(session, '/audit/verify'), { token: session.token }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>Hashkedjan</h2>
      <button type="button" onClick={() => void verify()} disabled={busy}>
        Kontrollera hashkedjan
      </button>
      <div role="status" aria-live="polite">
        {result?.ok === true && (
          <p className="ok">
            Hashkedjan är obruten: {result.count} händelser kontrollerade, ingen är ändrad eller borttagen.
          </p>
        )}
        {result?.ok === false && (
          <p className="error">
            Hashkedjan är bruten vid position {result.firstBadPosition} (
            {result.reason === 'hash_mismatch' ? 'hashen stämmer inte' : result.reason}).
          </p>
        )}
        {error && <p className="error">{error}</p>}
      </div>
    </section>
  );
}

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

function AsOfPanel() {
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
