import { useEffect, useId, useMemo, useState } from 'react';
import { api, m } from '../api';
import {
  DATE_HINT,
  DATE_INPUT,
  eventLabel,
  formatDateTime,
  isIsoDateText,
  PHASES,
  phaseLabel,
  sortSv,
} from '../format';
import { messageOf, PageHeading, useApp } from '../lib';
import { AsOfPanel } from './audit/AsOfPanel';
import { ExportButton } from './audit/ExportButton';
import { VerifyPanel } from './audit/VerifyPanel';

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

/** Events shown at once: a closed cycle has thousands, too many for one page to stay usable. */
const PAGE_SIZE = 100;

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
  const [page, setPage] = useState(0);
  /** A filter's setter that also goes back to the first page, where the new selection starts. */
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPage(0);
  };

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

  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = filtered.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);

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
            <select id={`${id}-organ`} value={organ} onChange={(e) => filter(setOrgan)(e.target.value)}>
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
            <select id={`${id}-phase`} value={phase} onChange={(e) => filter(setPhase)(e.target.value)}>
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
            <select id={`${id}-type`} value={type} onChange={(e) => filter(setType)(e.target.value)}>
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
              onChange={(e) => filter(setFrom)(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>Till datum</label>
            <input
              id={`${id}-to`}
              {...DATE_INPUT}
              aria-describedby={`${id}-date-hint`}
              value={to}
              onChange={(e) => filter(setTo)(e.target.value)}
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
              {shown.map((e) => {
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
            {filtered.length > 0 && (
              <nav className="pager" aria-label="Sidor i tidslinjen">
                <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
                  Föregående
                </button>
                <span aria-live="polite">
                  Händelse {current * PAGE_SIZE + 1}–{current * PAGE_SIZE + shown.length} av {filtered.length}{' '}
                  (sida {current + 1} av {pages})
                </span>
                <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
                  Nästa
                </button>
              </nav>
            )}
          </>
        )}
      </section>
    </section>
  );
}
