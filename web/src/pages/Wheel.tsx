import { useEffect, useId, useState } from 'react';
import { ApiProblem, api, m } from '../api';
import { type CycleStatus, phasePeriods, todayIso } from '../cycles';
import {
  DATE_HINT,
  DATE_INPUT,
  formatDate,
  PHASE_STATUS_LABEL,
  PHASES,
  type Phase,
  phaseLabel,
} from '../format';
import { href, messageOf, PageHeading, StatusBadge, useApp, withAsOf } from '../lib';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const C = 300;
const MONTH_RING: [number, number] = [250, 290];
const CYCLE_RINGS: [number, number][] = [
  [200, 238],
  [155, 193],
  [110, 148],
];

const dayMs = 86_400_000;
const utc = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

/** Angle in degrees (0 = top, clockwise) of a moment in the year. */
function angleOf(ms: number, year: number): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return ((ms - start) / (end - start)) * 360;
}

function point(r: number, deg: number): [number, number] {
  const rad = ((deg - 90) * Math.PI) / 180;
  return [C + r * Math.cos(rad), C + r * Math.sin(rad)];
}

function arcPath(r0: number, r1: number, a0: number, a1: number): string {
  const large = a1 - a0 > 180 ? 1 : 0;
  const [x0, y0] = point(r1, a0);
  const [x1, y1] = point(r1, a1);
  const [x2, y2] = point(r0, a1);
  const [x3, y3] = point(r0, a0);
  const f = (n: number) => n.toFixed(2);
  return `M${f(x0)} ${f(y0)} A${r1} ${r1} 0 ${large} 1 ${f(x1)} ${f(y1)} L${f(x2)} ${f(y2)} A${r0} ${r0} 0 ${large} 0 ${f(x3)} ${f(y3)} Z`;
}

interface Segment {
  budgetYear: number;
  phase: Phase;
  status: 'pending' | 'open' | 'closed';
  from: string;
  to: string;
  a0: number;
  a1: number;
  ring: [number, number];
}

export function WheelPage({ day }: { day: string | null }) {
  const { session, asOf } = useApp();
  // Viewing the past: the wheel marks the chosen day and shows the cycles as they stood then.
  const date = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : (asOf ?? todayIso());
  const year = Number(date.slice(0, 4));
  const [cycles, setCycles] = useState<CycleStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    setCycles(null);
    const years = [year + 1, year, year - 1];
    Promise.all(
      years.map((y) =>
        api<CycleStatus>('GET', m(session, withAsOf(`/cycles/${y}`, asOf)), { token: session.token }).catch(
          (e: unknown) => {
            if (e instanceof ApiProblem && e.status === 404) return null;
            throw e;
          },
        ),
      ),
    ).then(
      (found) => live && setCycles(found.filter((c): c is CycleStatus => c !== null)),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [session, year, asOf]);

  const segments: Segment[] = [];
  for (const cs of cycles ?? []) {
    const n = cs.cycle.budgetYear;
    const ring = CYCLE_RINGS[year + 1 - n];
    if (!ring || cs.cycle.status === 'not_started') continue;
    const periods = phasePeriods(cs.cycle.calendar);
    for (const phase of PHASES) {
      const [from, to] = periods[phase];
      const start = Math.max(utc(from), Date.UTC(year, 0, 1));
      const end = Math.min(utc(to) + dayMs, Date.UTC(year + 1, 0, 1));
      if (end <= start) continue;
      const a0 = angleOf(start, year);
      const a1 = Math.max(angleOf(end, year), a0 + 3);
      segments.push({ budgetYear: n, phase, status: cs.cycle.phases[phase], from, to, a0, a1, ring });
    }
  }
  const todayAngle = angleOf(utc(date) + dayMs / 2, year);
  const [tx, ty] = point(MONTH_RING[1] + 6, todayAngle);
  const [ix, iy] = point(100, todayAngle);

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Årshjulet {year}</PageHeading>
      <p>
        Cyklerna som pågår under {year}: budgetår {year + 1} (yttre ringen), {year} och {year - 1} (inre).
        Välj en fas för att se dess uppgifter och status.
      </p>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const value = new FormData(e.currentTarget).get('datum');
          window.location.hash = `${href('arshjul')}?datum=${String(value)}`;
        }}
      >
        <label htmlFor={`${id}-d`}>Visa årshjulet per datum</label>
        <input
          id={`${id}-d`}
          name="datum"
          {...DATE_INPUT}
          required
          aria-describedby={`${id}-hint`}
          defaultValue={date}
          key={date}
        />
        <span id={`${id}-hint`} className="hint">
          {DATE_HINT}
        </span>
        <button type="submit">Visa</button>
        <a href={href('arshjul')}>Idag</a>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!cycles && !error && <p aria-live="polite">Laddar …</p>}
      {cycles && (
        <div className="wheel-layout">
          <figure className="wheel-figure">
            <svg className="wheel" viewBox="0 0 600 600" aria-labelledby={`${id}-cap`}>
              <title>Årshjulet {year}</title>
              {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: SVG g is not focusable; decoration only */}
              <g aria-hidden="true">
                {MONTHS.map((name, i) => {
                  const a0 = angleOf(Date.UTC(year, i, 1), year);
                  const a1 = angleOf(Date.UTC(year, i + 1, 1), year);
                  const [lx, ly] = point((MONTH_RING[0] + MONTH_RING[1]) / 2, (a0 + a1) / 2);
                  return (
                    <g key={name}>
                      <path
                        d={arcPath(MONTH_RING[0], MONTH_RING[1], a0, a1)}
                        className={i % 2 ? 'month odd' : 'month'}
                      />
                      <text
                        x={lx}
                        y={ly}
                        className="month-label"
                        textAnchor="middle"
                        dominantBaseline="central"
                      >
                        {name}
                      </text>
                    </g>
                  );
                })}
                {CYCLE_RINGS.map(([r0, r1]) => (
                  <circle
                    key={r0}
                    cx={C}
                    cy={C}
                    r={(r0 + r1) / 2}
                    className="ring-track"
                    strokeWidth={r1 - r0}
                  />
                ))}
              </g>
              {segments.map((s) => (
                <a
                  key={`${s.budgetYear}-${s.phase}`}
                  href={href('fas', s.budgetYear, s.phase)}
                  aria-label={`${phaseLabel(s.phase)} för budgetår ${s.budgetYear}, ${formatDate(s.from)} till ${formatDate(s.to)}: ${PHASE_STATUS_LABEL[s.status]}`}
                  className="segment-link"
                >
                  <path
                    d={arcPath(s.ring[0], s.ring[1], s.a0, s.a1)}
                    className={`segment phase-${s.phase} status-${s.status}`}
                  >
                    <title>
                      {phaseLabel(s.phase)} {s.budgetYear} ({PHASE_STATUS_LABEL[s.status]})
                    </title>
                  </path>
                </a>
              ))}
              {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: SVG g is not focusable; decoration only */}
              <g aria-hidden="true">
                <line x1={ix} y1={iy} x2={tx} y2={ty} className="today" />
                <circle cx={tx} cy={ty} r={5} className="today-dot" />
                <text x={C} y={C - 10} textAnchor="middle" className="wheel-year">
                  {year}
                </text>
                <text x={C} y={C + 18} textAnchor="middle" className="wheel-today">
                  {date === todayIso() ? 'Idag' : 'Datum'} {formatDate(date)}
                </text>
              </g>
            </svg>
            <figcaption id={`${id}-cap`}>
              Årshjulet {year} med faserna för budgetår {year - 1}–{year + 1}; markerat datum{' '}
              {formatDate(date)}.
            </figcaption>
          </figure>
          <div className="wheel-legend">
            <h2>Faser</h2>
            <ul className="legend">
              {PHASES.map((p) => (
                <li key={p}>
                  <span className={`swatch phase-${p}`} aria-hidden="true" /> {phaseLabel(p)}
                </li>
              ))}
              <li>
                <span className="swatch status-closed-sample" aria-hidden="true" /> Avslutad fas (ljusare)
              </li>
              <li>
                <span className="swatch today-sample" aria-hidden="true" /> Markerat datum
              </li>
            </ul>
            {cycles.length === 0 && <p>Ingen cykel pågår under {year}.</p>}
            {cycles.map((cs) => (
              <div key={cs.cycle.budgetYear}>
                <h2>Budgetår {cs.cycle.budgetYear}</h2>
                <ul className="phase-list">
                  {PHASES.map((p) => {
                    const [from, to] = phasePeriods(cs.cycle.calendar)[p];
                    return (
                      <li key={p}>
                        <a href={href('fas', cs.cycle.budgetYear, p)}>{phaseLabel(p)}</a>{' '}
                        <span className="muted">
                          {formatDate(from)}
                          {from !== to ? ` – ${formatDate(to)}` : ''}
                        </span>{' '}
                        <StatusBadge
                          status={cs.cycle.phases[p]}
                          label={PHASE_STATUS_LABEL[cs.cycle.phases[p]] ?? ''}
                        />
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
