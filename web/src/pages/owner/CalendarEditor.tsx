/**
 * Kalendern för en ny cykel: varje datum kontrolleras mot lagen medan det skrivs (serverns regler, via
 * en torrkörning), regeln och dess verifierade lagrum visas vid datumet, sedan startas cykeln.
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  CALENDAR_MILESTONES,
  type CalendarMilestone,
  MILESTONE_LABELS_SV,
  phaseOfMilestone,
} from '../../../../domain/calendar/schema';
import { ApiProblem, api, m } from '../../api';
import { type Calendar, todayIso } from '../../cycles';
import { formatDate, PHASES, phaseLabel } from '../../format';
import { href, messageOf, PageHeading, useApp } from '../../lib';
import { DATE_HINT, isIsoDate } from './form-kit';

interface Violation {
  rule: string;
  milestone: CalendarMilestone;
  limit: string | null;
  message: string;
  description: string;
  citation: string | null;
}

type Dates = Partial<Record<CalendarMilestone, string>>;
const OPTIONAL: CalendarMilestone[] = ['budget.taxRateProposal', 'bokslut.auditReport'];
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function datesOf(cal: Calendar & { bokslut: { auditReport?: string | null } }): Dates {
  const out: Dates = {};
  for (const ms of CALENDAR_MILESTONES) {
    const [phase, field] = ms.split('.') as [keyof Calendar, string];
    const value = (cal[phase] as Record<string, unknown>)[field];
    out[ms] = typeof value === 'string' ? value : '';
  }
  return out;
}

function calendarOf(budgetYear: number, dates: Dates, specialReasons: boolean): unknown {
  const cal: Record<string, Record<string, unknown>> = {};
  for (const ms of CALENDAR_MILESTONES) {
    const [phase = '', field = ''] = ms.split('.');
    cal[phase] = { ...cal[phase], [field]: dates[ms] || null };
  }
  cal.budget = { ...cal.budget, specialReasons };
  return { budgetYear, ...cal };
}

export function CalendarEditorPage() {
  const { session } = useApp();
  const id = useId().replace(/:/g, '');
  const [yearText, setYearText] = useState(String(Number(todayIso().slice(0, 4)) + 1));
  const [dates, setDates] = useState<Dates>({});
  const [specialReasons, setSpecialReasons] = useState(false);
  const [violations, setViolations] = useState<Violation[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [started, setStarted] = useState<number | null>(null);
  const seq = useRef(0);
  const budgetYear = Number(yearText);
  const yearOk = /^\d{4}$/.test(yearText) && budgetYear >= 1990 && budgetYear <= 2200;

  useEffect(() => {
    if (!yearOk) return;
    let live = true;
    api<{ calendar: Calendar }>('GET', m(session, `/calendar-template?budgetYear=${budgetYear}`), {
      token: session.token,
    }).then(
      ({ calendar }) => {
        if (!live) return;
        setDates(datesOf(calendar));
        setSpecialReasons((calendar.budget as { specialReasons?: boolean }).specialReasons === true);
      },
      (e: unknown) => live && setStatus({ ok: false, text: messageOf(e) }),
    );
    return () => {
      live = false;
    };
  }, [budgetYear, yearOk, session]);

  const formatErrors = CALENDAR_MILESTONES.filter((ms) => {
    const v = dates[ms] ?? '';
    return v ? !isIsoDate(v) : !OPTIONAL.includes(ms);
  });

  // Each change is checked by the server's rules once every date is written in full.
  useEffect(() => {
    if (!yearOk || Object.keys(dates).length === 0 || formatErrors.length > 0) {
      setViolations(null);
      return;
    }
    const mine = ++seq.current;
    setChecking(true);
    const timer = setTimeout(() => {
      api<{ violations: Violation[] }>('POST', m(session, '/calendar-validation'), {
        token: session.token,
        body: { calendar: calendarOf(budgetYear, dates, specialReasons) },
      }).then(
        (r) => {
          if (mine !== seq.current) return;
          setViolations(r.violations);
          setChecking(false);
        },
        (e: unknown) => {
          if (mine !== seq.current) return;
          setStatus({ ok: false, text: messageOf(e) });
          setChecking(false);
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [dates, specialReasons, budgetYear, yearOk, session, formatErrors.length]);

  async function start() {
    setStatus(null);
    try {
      await api('POST', m(session, '/cycles'), {
        token: session.token,
        body: { calendar: calendarOf(budgetYear, dates, specialReasons) },
      });
      setStarted(budgetYear);
      setStatus({ ok: true, text: `Cykeln för budgetår ${budgetYear} är startad.` });
    } catch (e) {
      setStatus({ ok: false, text: e instanceof ApiProblem ? e.message : messageOf(e) });
    }
  }

  const ready = violations !== null && violations.length === 0 && !checking;
  const errorCount = formatErrors.length + (violations?.length ?? 0);
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Planera en ny cykel</PageHeading>
      <p>
        Förslaget utgår från lagens sista dagar. Varje datum kontrolleras mot kommunallagen och lagen om
        kommunal bokföring och redovisning medan du skriver; regeln och lagrummet visas vid datumet.
      </p>
      <div className="field">
        <label htmlFor={`${id}-year`}>Budgetår</label>
        <p id={`${id}-year-hint`} className="hint">
          Året budgeten gäller, t.ex. 2027. Planeringen börjar året före.
        </p>
        <input
          id={`${id}-year`}
          type="text"
          inputMode="numeric"
          pattern="\d{4}"
          className="input-number"
          value={yearText}
          aria-describedby={`${id}-year-hint`}
          onChange={(e) => setYearText(e.target.value.trim())}
        />
      </div>
      <p role="status" aria-live="polite" className={errorCount ? 'warn' : 'ok'}>
        {checking
          ? 'Kontrollerar kalendern …'
          : errorCount
            ? `${errorCount} ${errorCount === 1 ? 'datum behöver' : 'datum behöver'} rättas.`
            : violations
              ? 'Kalendern följer lagens och ordningens regler.'
              : ''}
      </p>
      {PHASES.map((phase) => (
        <fieldset key={phase}>
          <legend>{phaseLabel(phase)}</legend>
          {CALENDAR_MILESTONES.filter((ms) => phaseOfMilestone(ms) === phase).map((ms) => {
            const fid = `${id}-${ms.replace('.', '-')}`;
            const value = dates[ms] ?? '';
            const badFormat = formatErrors.includes(ms);
            const broken = (violations ?? []).filter((v) => v.milestone === ms);
            const describedBy = [`${fid}-hint`, badFormat || broken.length ? `${fid}-err` : null]
              .filter(Boolean)
              .join(' ');
            return (
              <div key={ms} className="field calendar-field">
                <label htmlFor={fid}>
                  {capital(MILESTONE_LABELS_SV[ms])}
                  {OPTIONAL.includes(ms) ? ' (frivilligt)' : ''}
                </label>
                <p id={`${fid}-hint`} className="hint">
                  {DATE_HINT}
                </p>
                <div id={`${fid}-err`}>
                  {badFormat && (
                    <p className="field-error">
                      <span className="visually-hidden">Fel: </span>
                      {value ? 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-20' : 'Ange datumet'}
                    </p>
                  )}
                  {broken.map((v) => (
                    <div key={v.rule} className="rule-broken">
                      <p className="field-error">
                        <span className="visually-hidden">Fel: </span>
                        {v.message}
                      </p>
                      <p className="rule">
                        Regel: {v.description}
                        {v.citation && (
                          <>
                            {' '}
                            <span className="citation">Lagrum: {v.citation}</span>
                          </>
                        )}
                      </p>
                    </div>
                  ))}
                </div>
                <input
                  id={fid}
                  type="text"
                  inputMode="numeric"
                  pattern="\d{4}-\d{2}-\d{2}"
                  autoComplete="off"
                  className="input-date"
                  value={value}
                  aria-invalid={badFormat || broken.length ? true : undefined}
                  aria-describedby={describedBy}
                  onChange={(e) => setDates((d) => ({ ...d, [ms]: e.target.value.trim() }))}
                />
                {isIsoDate(value) && <span className="date-shown">{formatDate(value)}</span>}
              </div>
            );
          })}
          {phase === 'budget' && (
            <label className="check">
              <input
                type="checkbox"
                checked={specialReasons}
                onChange={(e) => setSpecialReasons(e.target.checked)}
              />
              Kommunstyrelsen har särskilda skäl att upprätta budgetförslaget i november
            </label>
          )}
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" className="primary" disabled={!ready || started !== null} onClick={start}>
          Starta cykeln för budgetår {yearOk ? budgetYear : ''}
        </button>
        {status && (
          <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
            {status.text} {started !== null && <a href={href('beslut', started)}>Gå till cykelns beslut</a>}
          </p>
        )}
      </div>
    </section>
  );
}
