/** Keeping the organisation current: rename or remove an organ, and record KF's decision on an extra election. */
import type { Session } from '../../api';
import { formatDate } from '../../format';
import { DECISION_FIELDS, decisionOf } from './decision-forms';
import { QuickForm } from './form-kit';
import type { OrganFull } from './model';
import { send } from './model';

export function OrganChanges(props: { session: Session; organs: OrganFull[]; reload(): void }) {
  const { session, organs, reload } = props;
  const organOptions = organs.map((o) => ({ value: o.organId, label: `${o.name} (${o.shortName})` }));
  const nameOf = (organId: string | undefined) => organs.find((o) => o.organId === organId)?.name ?? '';
  const council = organs.find((o) => o.kind === 'council');
  return (
    <>
      <QuickForm
        title="Byt namn på ett organ"
        submitLabel="Byt namn"
        fields={[
          { name: 'organId', label: 'Organ som byter namn', kind: 'select', options: organOptions },
          { name: 'name', label: 'Nytt namn', hint: 'Till exempel Utbildningsnämnden.' },
          {
            name: 'shortName',
            label: 'Ny förkortning',
            hint: 'Används i beslutshänvisningar, t.ex. UN i "UN 2026-03-20 § 12". Högst 20 tecken.',
          },
        ]}
        build={(v) => ({
          ok: true,
          body: { organId: v.organId, name: (v.name ?? '').trim(), shortName: (v.shortName ?? '').trim() },
        })}
        send={(body) => send(session, 'POST', '/organs/renames', body)}
        done={(v) => {
          const old = nameOf(v.organId);
          reload();
          return `${old} heter nu ${v.name}.`;
        }}
      />
      <QuickForm
        title="Ta bort ett organ"
        intro={<p>Ett borttaget organ får inga nya uppgifter. Det som redan hänt finns kvar i historiken.</p>}
        submitLabel="Ta bort organet"
        fields={[
          { name: 'organId', label: 'Organ som tas bort', kind: 'select', options: organOptions },
          {
            name: 'reason',
            label: 'Skäl',
            kind: 'textarea',
            hint: 'Till exempel: Nämnden slås samman med kultur- och fritidsnämnden enligt KF § 88.',
          },
        ]}
        build={(v) => ({ ok: true, body: { organId: v.organId, reason: (v.reason ?? '').trim() } })}
        send={(body) => send(session, 'POST', '/organs/removals', body)}
        done={(v) => {
          const name = nameOf(v.organId);
          reload();
          return `${name} är borttaget.`;
        }}
      />
      {council && (
        <QuickForm
          title="Registrera ett extra val"
          intro={<p>Fullmäktiges beslut om extra val och när de nyvaldas mandatperiod börjar.</p>}
          submitLabel="Registrera extra valet"
          fields={[
            ...DECISION_FIELDS('Extra val till kommunfullmäktige'),
            { name: 'electionDate', label: 'Valdag', kind: 'date', apiPath: ['electionDate'] },
            {
              name: 'mandateStart',
              label: 'Den nya mandatperiodens första dag',
              kind: 'date',
              apiPath: ['mandateStart'],
            },
          ]}
          build={(v) => ({
            ok: true,
            body: {
              decision: decisionOf(v, council),
              electionDate: v.electionDate,
              mandateStart: v.mandateStart,
            },
          })}
          send={(body) => send(session, 'POST', '/mandate/extra-elections', body)}
          done={(v) => `Extra valet ${formatDate(v.electionDate)} är registrerat.`}
        />
      )}
    </>
  );
}
