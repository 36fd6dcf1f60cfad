/** Styrdokument: vision, värdegrund, riktningsmål och omvärldsfaktorer med sina perioder. */
import { AGENDA_2030 } from '../../agenda2030';
import { Loading, PageHeading, useApp, useGet } from '../../lib';
import { type Built, type FieldSpec, QuickForm, type Values } from './form-kit';
import { collator, type MunicipalityFull, periodText, send, slug } from './model';

const PERIOD_FIELDS = (span: number): FieldSpec[] => [
  { name: 'fromYear', label: 'Från och med år', kind: 'number', hint: 'Till exempel 2026.' },
  {
    name: 'toYear',
    label: 'Till och med år',
    kind: 'number',
    hint: `Vanligtvis ${span} år, t.ex. ${2025 + span}.`,
  },
];

/** Checks the period's years and builds the body with them. */
function withPeriod(v: Values, body: Record<string, unknown>): Built {
  const fromYear = Number(v.fromYear);
  const toYear = Number(v.toYear);
  const errors = [];
  if (fromYear < 1990 || fromYear > 2200)
    errors.push({ name: 'fromYear', message: 'Ange ett år mellan 1990 och 2200' });
  if (toYear < fromYear)
    errors.push({ name: 'toYear', message: 'Till och med år kan inte ligga före från och med år' });
  return errors.length ? { ok: false, errors } : { ok: true, body: { ...body, fromYear, toYear } };
}

const agendaLabel = (goal: number) => AGENDA_2030.find((g) => g.value === goal)?.label ?? String(goal);

export function SteeringPage() {
  const { session, asOf } = useApp();
  const canEdit = !asOf && session.role === 'process_owner';
  const result = useGet<MunicipalityFull>('');
  return (
    <section aria-labelledby="steer-h">
      <PageHeading id="steer-h">Styrdokument</PageHeading>
      <p>
        Vision och värdegrund (åtta år), riktningsmål och omvärldsfaktorer (fyra år) som cyklerna bygger på.
      </p>
      <Loading result={result}>
        {(mun) => {
          const reload = result.state === 'done' ? result.reload : () => undefined;
          const s = mun.steering;
          const goals = Object.values(s.councilGoals).sort((a, b) => collator.compare(a.title, b.title));
          const factors = Object.values(s.externalFactors).sort((a, b) => collator.compare(a.title, b.title));
          const ok = (text: string) => {
            reload();
            return text;
          };
          return (
            <>
              <h2>Vision</h2>
              {s.vision ? (
                <p>
                  {s.vision.text} <span className="muted">({periodText(s.vision)})</span>
                </p>
              ) : (
                <p>Ingen vision fastställd.</p>
              )}
              <h2>Värdegrund</h2>
              {s.values ? (
                <>
                  <ul>
                    {s.values.values.map((v) => (
                      <li key={v.title}>
                        <strong>{v.title}</strong>
                        {v.description ? ` – ${v.description}` : ''}
                      </li>
                    ))}
                  </ul>
                  <p className="muted">Gäller {periodText(s.values)}.</p>
                </>
              ) : (
                <p>Ingen värdegrund fastställd.</p>
              )}
              <h2>Riktningsmål</h2>
              <ul>
                {goals.map((g) => (
                  <li key={g.goalId}>
                    <strong>{g.title}</strong> <span className="muted">({periodText(g)})</span>
                    {g.description ? <div>{g.description}</div> : null}
                    {g.agenda2030Goals?.length ? (
                      <div>Agenda 2030-mål: {g.agenda2030Goals.map(agendaLabel).join(', ')}</div>
                    ) : null}
                  </li>
                ))}
                {goals.length === 0 && <li>Inga riktningsmål ännu.</li>}
              </ul>
              <h2>Omvärldsfaktorer</h2>
              <ul>
                {factors.map((f) => (
                  <li key={f.factorId}>
                    <strong>{f.title}</strong> <span className="muted">({periodText(f)})</span>
                    {f.description ? <div>{f.description}</div> : null}
                  </li>
                ))}
                {factors.length === 0 && <li>Inga omvärldsfaktorer ännu.</li>}
              </ul>
              {canEdit && (
                <div className="cards-grid">
                  <QuickForm
                    title="Fastställ visionen"
                    submitLabel="Fastställ visionen"
                    fields={[{ name: 'text', label: 'Visionen', kind: 'textarea' }, ...PERIOD_FIELDS(8)]}
                    build={(v) => withPeriod(v, { text: v.text?.trim() })}
                    send={(body) => send(session, 'POST', '/steering/vision', body)}
                    done={() => ok('Visionen är fastställd.')}
                  />
                  <QuickForm
                    title="Fastställ värdegrunden"
                    submitLabel="Fastställ värdegrunden"
                    fields={[
                      {
                        name: 'values',
                        label: 'Värden',
                        kind: 'textarea',
                        hint: 'Ett värde per rad. Skriv gärna en förklaring efter ett kolon, t.ex. "Tillit: vi litar på varandra".',
                      },
                      ...PERIOD_FIELDS(8),
                    ]}
                    build={(v) =>
                      withPeriod(v, {
                        values: (v.values ?? '')
                          .split('\n')
                          .map((line) => line.trim())
                          .filter(Boolean)
                          .map((line) => {
                            const [title = '', ...rest] = line.split(':');
                            return { title: title.trim(), description: rest.join(':').trim() };
                          }),
                      })
                    }
                    send={(body) => send(session, 'POST', '/steering/values', body)}
                    done={() => ok('Värdegrunden är fastställd.')}
                  />
                  <QuickForm
                    title="Anta ett riktningsmål"
                    submitLabel="Anta riktningsmålet"
                    fields={[
                      {
                        name: 'title',
                        label: 'Riktningsmålets rubrik',
                        hint: 'Till exempel "Ale växer hållbart".',
                      },
                      { name: 'description', label: 'Beskrivning', kind: 'textarea', optional: true },
                      ...PERIOD_FIELDS(4),
                      {
                        name: 'agenda2030Goals',
                        label: 'Agenda 2030-mål',
                        kind: 'checkboxes',
                        optional: true,
                        hint: 'De globala mål som riktningsmålet bidrar till.',
                        options: AGENDA_2030.map((g) => ({ value: String(g.value), label: g.label })),
                      },
                    ]}
                    build={(v) =>
                      withPeriod(v, {
                        goalId: `${mun.municipalityId}-rm-${slug(v.title ?? '')}`,
                        title: v.title?.trim(),
                        description: v.description?.trim() ?? '',
                        agenda2030Goals: (v.agenda2030Goals ?? '')
                          .split(',')
                          .filter(Boolean)
                          .map(Number)
                          .sort((a, b) => a - b),
                      })
                    }
                    send={(body) => send(session, 'POST', '/steering/council-goals', body)}
                    done={(v) => ok(`Riktningsmålet "${v.title}" är antaget.`)}
                  />
                  <QuickForm
                    title="Anta en omvärldsfaktor"
                    submitLabel="Anta omvärldsfaktorn"
                    fields={[
                      { name: 'title', label: 'Omvärldsfaktorns rubrik', hint: 'Till exempel "Demografi".' },
                      { name: 'description', label: 'Beskrivning', kind: 'textarea', optional: true },
                      ...PERIOD_FIELDS(4),
                    ]}
                    build={(v) =>
                      withPeriod(v, {
                        factorId: `${mun.municipalityId}-of-${slug(v.title ?? '')}`,
                        title: v.title?.trim(),
                        description: v.description?.trim() ?? '',
                      })
                    }
                    send={(body) => send(session, 'POST', '/steering/external-factors', body)}
                    done={(v) => ok(`Omvärldsfaktorn "${v.title}" är antagen.`)}
                  />
                </div>
              )}
            </>
          );
        }}
      </Loading>
    </section>
  );
}
