/** Cykelns beslut: vad cykeln väntar på nu, och ett formulär för varje beslut (organ, datum, §, Dnr). */
import { useEffect, useId, useRef, useState } from 'react';
import type { CycleStatus } from '../../cycles';
import { formatDate, formatDateTime, PHASE_STATUS_LABEL, phaseLabel } from '../../format';
import { href, type Loaded, Loading, PageHeading, useApp, useGet } from '../../lib';
import { useYears, YearPicker } from '../YearPicker';
import { DECISION_KINDS, type DecisionContext } from './decision-forms';
import { MORE_DECISION_KINDS } from './decision-forms-more';
import { QuickForm } from './form-kit';
import { byName, type MunicipalityFull, send } from './model';

interface Waiting {
  budgetYear: number;
  status: string;
  phases: Record<string, string>;
  gates: { phase: string; gateId: string; label: string; deadline: string | null }[];
  next:
    | { kind: 'wait'; until: string | null }
    | { kind: 'open' | 'close'; phase: string }
    | { kind: 'close-cycle' };
}

/** A decision the page has just registered; a new object each time, so each one is followed anew. */
interface Registered {
  label: string;
}

interface Decisions {
  decisions: {
    organId: string;
    body: string;
    date: string;
    paragraph: number;
    caseNumber: string;
    subject: string;
    citation: string;
  }[];
}

/**
 * Decisions as a register lists them: by meeting date, then paragraph (§). The API gives them in the
 * order they were registered, which put a late-registered decision after a year of later meetings.
 */
function inMeetingOrder(decisions: Decisions['decisions']): Decisions['decisions'] {
  return [...decisions].sort((a, b) => a.date.localeCompare(b.date) || a.paragraph - b.paragraph);
}

function nextText(w: Waiting): string {
  const n = w.next;
  if (n.kind === 'open') return `Nästa steg: fasen ${phaseLabel(n.phase)} öppnas.`;
  if (n.kind === 'close') return `Nästa steg: fasen ${phaseLabel(n.phase)} avslutas.`;
  if (n.kind === 'close-cycle') return 'Nästa steg: cykeln stängs.';
  if (n.kind !== 'wait') return '';
  return n.until
    ? `Cykeln väntar till ${formatDateTime(n.until)} innan nästa fas öppnas.`
    : 'Cykeln väntar på beslut eller inlämnade uppgifter.';
}

export function DecisionsPage({ year: chosenYear }: { year: number | null }) {
  const { session, asOf } = useApp();
  const canEdit = !asOf && session.role === 'process_owner';
  const id = useId().replace(/:/g, '');
  const [picked, setPicked] = useState<number | null>(chosenYear);
  const { years, year } = useYears(picked);
  const shownYears = year !== null && !years.includes(year) ? [...years, year] : years;
  const waiting = useGet<Waiting>(year ? `/cycles/${year}/waiting` : null);
  const status = useGet<CycleStatus>(year ? `/cycles/${year}` : null);
  const decisions = useGet<Decisions>(year ? `/decisions?budgetYear=${year}` : null);
  const mun = useGet<MunicipalityFull>('');
  const [kindId, setKindId] = useState<string>('');
  // The decision just registered: its confirmation outlives the form when that decision closes the cycle.
  const [lastRegistered, setLastRegistered] = useState<Registered | null>(null);

  useFollowUntilSettled(waiting, lastRegistered);

  const reloadAll = () => {
    for (const r of [waiting, status, decisions]) if (r.state === 'done') r.reload();
  };

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Beslut i cykeln</PageHeading>
      <p>
        Här registrerar processägaren varje beslut som cykeln väntar på: organ, sammanträdesdatum, paragraf
        (§) och diarienummer. <a href={href('ny-cykel')}>Planera en ny cykel</a>.
      </p>
      <YearPicker years={shownYears} year={year} onChange={setPicked} />
      {year === null && <p>Det finns ingen cykel ännu.</p>}
      {year !== null && (
        <Loading result={waiting}>
          {(w) => (
            <div className="card">
              <h2>{w.status === 'closed' ? 'Cykelns läge' : 'Cykeln väntar nu på'}</h2>
              {w.status === 'closed' ? (
                <ClosedCycle lastRegistered={lastRegistered} />
              ) : w.gates.length ? (
                <ul>
                  {w.gates.map((g) => (
                    <li key={g.gateId}>
                      <strong>{g.label}</strong> ({phaseLabel(g.phase)})
                      {g.deadline ? `, senast ${formatDate(g.deadline)}` : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>Inget beslut just nu.</p>
              )}
              {w.status !== 'closed' && <p>{nextText(w)}</p>}
              <p className="small muted">
                Faser:{' '}
                {Object.entries(w.phases)
                  .map(([p, s]) => `${phaseLabel(p)} – ${PHASE_STATUS_LABEL[s] ?? s}`)
                  .join(' · ')}
              </p>
              {canEdit && w.status !== 'closed' && mun.state === 'done' && status.state === 'done' && (
                <DecisionForm
                  key={`${year}`}
                  w={w}
                  kindId={kindId}
                  setKindId={setKindId}
                  ctx={contextOf(mun.data, status.data, year)}
                  post={(path, body) => send(session, 'POST', `/cycles/${year}${path}`, body)}
                  done={(label) => {
                    setLastRegistered({ label });
                    reloadAll();
                  }}
                />
              )}
            </div>
          )}
        </Loading>
      )}
      {year !== null && (
        <Loading result={decisions}>
          {(d) => (
            <table>
              <caption>Registrerade beslut {year}</caption>
              <thead>
                <tr>
                  <th scope="col">Beslut</th>
                  <th scope="col">Datum</th>
                  <th scope="col">Diarienummer</th>
                  <th scope="col">Ärende</th>
                </tr>
              </thead>
              <tbody>
                {inMeetingOrder(d.decisions).map((x) => (
                  <tr key={x.citation + x.subject}>
                    <td>{x.citation}</td>
                    <td>{formatDate(x.date)}</td>
                    <td>{x.caseNumber}</td>
                    <td>{x.subject}</td>
                  </tr>
                ))}
                {d.decisions.length === 0 && (
                  <tr>
                    <td colSpan={4}>Inga beslut ännu.</td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
        </Loading>
      )}
    </section>
  );
}

/**
 * After a registration the workflow moves on by itself, a moment later (the last discharge closes the
 * cycle): look again every 2 s for a minute so the page follows it without a reload.
 */
function useFollowUntilSettled(waiting: Loaded<Waiting>, lastRegistered: Registered | null) {
  const looks = useRef({ for: lastRegistered, count: 0 });
  useEffect(() => {
    if (waiting.state !== 'done' || !lastRegistered) return;
    if (looks.current.for !== lastRegistered) looks.current = { for: lastRegistered, count: 0 };
    const w = waiting.data;
    if (w.status === 'closed' || looks.current.count >= 30) return;
    const timer = setTimeout(() => {
      looks.current.count += 1;
      waiting.reload();
    }, 2000);
    return () => clearTimeout(timer);
  }, [waiting, lastRegistered]);
}

/** Shown instead of the decision form once the cycle is closed. */
function ClosedCycle({ lastRegistered }: { lastRegistered: Registered | null }) {
  return (
    <>
      <p>Cykeln är stängd. Inga fler beslut väntas.</p>
      {lastRegistered && (
        <p className="ok" role="status">
          Beslutet är registrerat. <span className="muted">({lastRegistered.label})</span>
        </p>
      )}
    </>
  );
}

function contextOf(mun: MunicipalityFull, status: CycleStatus, budgetYear: number): DecisionContext {
  const organs = Object.values(mun.organs).sort(byName);
  const dialogueTasks = status.plannedTasks.find((p) => p.phase === 'tillitsdialog')?.tasks ?? [];
  return {
    budgetYear,
    organs,
    cycleOrgans: status.cycle.organs ? organs.filter((o) => status.cycle.organs?.[o.organId]) : organs,
    council: organs.find((o) => o.kind === 'council'),
    board: organs.find((o) => o.kind === 'executive_board'),
    dialogueTasks: dialogueTasks.map((t) => ({ taskId: t.taskId, title: t.title })),
    interimPeriodEnd: status.cycle.calendar.delarsbokslut.periodEnd,
  };
}

const ALL_KINDS = [...DECISION_KINDS, ...MORE_DECISION_KINDS];

function DecisionForm(props: {
  w: Waiting;
  kindId: string;
  setKindId(id: string): void;
  ctx: DecisionContext;
  post(path: string, body: unknown): Promise<unknown>;
  /** Called with the kind's label once the server has accepted the decision. */
  done(label: string): void;
}) {
  const id = useId().replace(/:/g, '');
  const waitingKinds = ALL_KINDS.filter((k) => props.w.gates.some((g) => g.gateId === k.gate));
  const kind = ALL_KINDS.find((k) => k.id === props.kindId) ?? waitingKinds[0] ?? ALL_KINDS[0];
  if (!kind) return null;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Vilket beslut vill du registrera?</label>
        <p id={`${id}-kind-hint`} className="hint">
          Beslut som cykeln väntar på står först.
        </p>
        <select
          id={`${id}-kind`}
          aria-describedby={`${id}-kind-hint`}
          value={kind.id}
          onChange={(e) => props.setKindId(e.target.value)}
        >
          {[...waitingKinds, ...ALL_KINDS.filter((k) => !waitingKinds.includes(k))].map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
              {waitingKinds.includes(k) ? ' (väntar)' : ''}
            </option>
          ))}
        </select>
      </div>
      <QuickForm
        key={kind.id}
        title={kind.label}
        submitLabel="Registrera beslutet"
        fields={kind.fields(props.ctx)}
        initial={kind.id === 'interim' ? { periodEnd: props.ctx.interimPeriodEnd } : {}}
        build={(v) => kind.build(v, props.ctx)}
        send={async (body) => {
          const result = await props.post(kind.path, body);
          // Stay on this decision: once the cycle stops waiting for it, the default kind would change,
          // replace the form and take its confirmation with it.
          props.setKindId(kind.id);
          return result;
        }}
        done={() => {
          props.done(kind.label);
          return 'Beslutet är registrerat.';
        }}
      />
    </>
  );
}
