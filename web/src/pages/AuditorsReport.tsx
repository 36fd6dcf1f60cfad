/**
 * Revisionsberättelsen: the auditors try each nämnd and KS and say whether they recommend discharge
 * (tillstyrker or avstyrker ansvarsfrihet), with any anmärkning. Without it KF cannot decide on discharge.
 */
import { useId, useState } from 'react';
import { isSubjectToDischarge } from '../../../domain/municipality/organ';
import { formatDate } from '../format';
import { Loading, PageHeading, useApp, useGet } from '../lib';
import type { FieldSpec, Values } from './owner/form-kit';
import { QuickForm } from './owner/form-kit';
import { byName, type MunicipalityFull, type OrganFull, send } from './owner/model';
import { useYears, YearPicker } from './YearPicker';

interface Finding {
  organId: string;
  recommendation: 'grant' | 'refuse';
  remark: { reason: string } | null;
}

interface CycleView {
  cycle: {
    status: string;
    annualReport?: { submitted: { date: string } | null; approved: { date: string } | null };
    auditReport?: { date: string; findings: Finding[] } | null;
  };
}

const RECOMMENDATION = {
  grant: 'Tillstyrker ansvarsfrihet',
  refuse: 'Avstyrker ansvarsfrihet',
} as const;

function reportFields(organs: OrganFull[]): FieldSpec[] {
  return [
    {
      name: 'date',
      label: 'Datum för revisionsberättelsen',
      kind: 'date',
      hint: 'Dagen då revisorerna skrev under. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2028-04-20.',
      apiPath: ['date'],
    },
    ...organs.flatMap((o, i): FieldSpec[] => [
      {
        name: `rec-${o.organId}`,
        label: `${o.name}: prövning av ansvarsfrihet`,
        requiredMessage: `Välj om revisorerna tillstyrker eller avstyrker ansvarsfrihet för ${o.name}`,
        kind: 'radio',
        options: [
          { value: 'grant', label: RECOMMENDATION.grant },
          { value: 'refuse', label: RECOMMENDATION.refuse },
        ],
        apiPath: ['findings', String(i), 'recommendation'],
      },
      {
        name: `remark-${o.organId}`,
        label: `Anmärkning mot ${o.name}`,
        kind: 'textarea',
        optional: true,
        hint: 'Skälet till anmärkningen. Lämna tomt om revisorerna inte riktar någon anmärkning.',
        apiPath: ['findings', String(i), 'remark', 'reason'],
      },
    ]),
  ];
}

function reportBody(v: Values, organs: OrganFull[]) {
  const findings = organs.map((o) => {
    const reason = (v[`remark-${o.organId}`] ?? '').trim();
    return {
      organId: o.organId,
      recommendation: v[`rec-${o.organId}`],
      remark: reason ? { reason } : null,
    };
  });
  return { ok: true as const, body: { date: v.date, findings } };
}

export function AuditorsReportPage() {
  const { session, asOf, organName } = useApp();
  const id = useId().replace(/:/g, '');
  const [picked, setPicked] = useState<number | null>(null);
  const { years, year } = useYears(picked);
  const status = useGet<CycleView>(year ? `/cycles/${year}` : null);
  const mun = useGet<MunicipalityFull>('');
  const canSubmit = !asOf && session.role === 'auditor';
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Revisionsberättelse</PageHeading>
      <p>
        Revisorerna prövar kommunstyrelsen och varje nämnd och tillstyrker eller avstyrker ansvarsfrihet, med
        eventuell anmärkning. Fullmäktige kan besluta om ansvarsfrihet först när revisionsberättelsen är
        lämnad.
      </p>
      <YearPicker years={years} year={year} onChange={setPicked} />
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      {year === null && <p>Det finns ingen cykel ännu.</p>}
      {year !== null && (
        <Loading result={status}>
          {(s) => {
            const report = s.cycle.auditReport ?? null;
            if (report) {
              return (
                <table>
                  <caption>Revisionsberättelse {formatDate(report.date)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Organ</th>
                      <th scope="col">Prövning</th>
                      <th scope="col">Anmärkning</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.findings.map((f) => (
                      <tr key={f.organId}>
                        <td>{organName(f.organId)}</td>
                        <td>{RECOMMENDATION[f.recommendation]}</td>
                        <td>{f.remark?.reason ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              );
            }
            const submitted = s.cycle.annualReport?.submitted ?? null;
            if (!submitted)
              return (
                <p>Årsredovisningen är inte lämnad till revisorerna ännu, så det finns inget att pröva.</p>
              );
            if (!canSubmit)
              return (
                <p>
                  Årsredovisningen lämnades {formatDate(submitted.date)}. Revisionsberättelsen är inte lämnad
                  ännu.
                </p>
              );
            if (mun.state !== 'done') return <Loading result={mun}>{() => null}</Loading>;
            const organs = Object.values(mun.data.organs)
              .filter((o) => isSubjectToDischarge(o.kind))
              .sort(byName);
            return (
              <QuickForm
                title={`Lämna revisionsberättelsen för ${year}`}
                intro={<p>Årsredovisningen lämnades {formatDate(submitted.date)}.</p>}
                submitLabel="Lämna revisionsberättelsen"
                fields={reportFields(organs)}
                build={(v) => reportBody(v, organs)}
                send={(body) => send(session, 'POST', `/cycles/${year}/auditors-report`, body)}
                done={() => {
                  setNotice(`Revisionsberättelsen för ${year} är lämnad.`);
                  if (status.state === 'done') status.reload();
                  return 'Revisionsberättelsen är lämnad.';
                }}
                keep
              />
            );
          }}
        </Loading>
      )}
    </section>
  );
}
