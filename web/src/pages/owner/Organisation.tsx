/** Kommunens organisation: organ (KF, KS, nämnder, bolag) och sektorer. */
import { Loading, PageHeading, useApp, useGet } from '../../lib';
import { QuickForm } from './form-kit';
import { byName, type MunicipalityFull, ORGAN_KIND_LABEL, type OrganFull, send, slug } from './model';
import { OrganChanges } from './OrganChanges';

const KIND_OPTIONS = (Object.keys(ORGAN_KIND_LABEL) as OrganFull['kind'][]).map((k) => ({
  value: k,
  label: ORGAN_KIND_LABEL[k],
}));

export function OrganisationPage() {
  const { session, asOf } = useApp();
  const canEdit = !asOf && session.role === 'process_owner';
  const result = useGet<MunicipalityFull>('');
  return (
    <section aria-labelledby="org-h">
      <PageHeading id="org-h">Organisation</PageHeading>
      <p>Kommunens organ och sektorer. Varje ändring sparas som en händelse som revisorn kan granska.</p>
      <Loading result={result}>
        {(mun) => {
          const organs = Object.values(mun.organs).sort(byName);
          const departments = Object.values(mun.departments).sort(byName);
          const reload = result.state === 'done' ? result.reload : () => undefined;
          return (
            <>
              <p>
                Kommunkod:{' '}
                {mun.municipalityCode ?? (
                  <span className="muted">ingen angiven (nyckeltal från Kolada hämtas inte)</span>
                )}
              </p>
              <table>
                <caption>Organ i {mun.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Namn</th>
                    <th scope="col">Förkortning</th>
                    <th scope="col">Typ</th>
                    <th scope="col">Nämndsekreterare</th>
                  </tr>
                </thead>
                <tbody>
                  {organs.map((o) => (
                    <tr key={o.organId}>
                      <td>{o.name}</td>
                      <td>{o.shortName}</td>
                      <td>{ORGAN_KIND_LABEL[o.kind]}</td>
                      <td>{o.secretaries.length ? o.secretaries.join(', ') : '–'}</td>
                    </tr>
                  ))}
                  {organs.length === 0 && (
                    <tr>
                      <td colSpan={4}>Inga organ ännu.</td>
                    </tr>
                  )}
                </tbody>
              </table>
              {canEdit && (
                <QuickForm
                  title="Lägg till ett organ"
                  submitLabel="Lägg till organet"
                  fields={[
                    {
                      name: 'name',
                      label: 'Organets namn',
                      hint: 'Till exempel Barn- och utbildningsnämnden.',
                    },
                    {
                      name: 'shortName',
                      label: 'Förkortning',
                      hint: 'Används i beslutshänvisningar, t.ex. BUN i "BUN 2026-03-20 § 12". Högst 20 tecken.',
                    },
                    { name: 'kind', label: 'Typ av organ', kind: 'radio', options: KIND_OPTIONS },
                  ]}
                  build={(v) => ({
                    ok: true,
                    body: {
                      organId: `${mun.municipalityId}-${slug(v.shortName ?? '')}`,
                      name: v.name?.trim(),
                      shortName: v.shortName?.trim(),
                      kind: v.kind,
                    },
                  })}
                  send={(body) => send(session, 'POST', '/organs', body)}
                  done={(v) => {
                    reload();
                    return `${v.name} har lagts till.`;
                  }}
                />
              )}
              {canEdit && organs.length > 0 && (
                <OrganChanges session={session} organs={organs} reload={reload} />
              )}
              <table>
                <caption>Sektorer</caption>
                <thead>
                  <tr>
                    <th scope="col">Sektor</th>
                    <th scope="col">Organ</th>
                  </tr>
                </thead>
                <tbody>
                  {departments.map((d) => (
                    <tr key={d.departmentId}>
                      <td>{d.name}</td>
                      <td>{mun.organs[d.organId]?.name ?? d.organId}</td>
                    </tr>
                  ))}
                  {departments.length === 0 && (
                    <tr>
                      <td colSpan={2}>Inga sektorer ännu.</td>
                    </tr>
                  )}
                </tbody>
              </table>
              {canEdit && organs.length > 0 && (
                <QuickForm
                  title="Lägg till en sektor"
                  submitLabel="Lägg till sektorn"
                  fields={[
                    {
                      name: 'name',
                      label: 'Sektorns namn',
                      hint: 'Till exempel Sektor utbildning, kultur och fritid.',
                    },
                    {
                      name: 'organId',
                      label: 'Organ som sektorn arbetar för',
                      kind: 'select',
                      options: organs.map((o) => ({ value: o.organId, label: o.name })),
                    },
                  ]}
                  build={(v) => ({
                    ok: true,
                    body: {
                      departmentId: `${mun.municipalityId}-sektor-${slug(v.name ?? '')}`,
                      organId: v.organId,
                      name: v.name?.trim(),
                    },
                  })}
                  send={(body) => send(session, 'POST', '/departments', body)}
                  done={(v) => {
                    reload();
                    return `${v.name} har lagts till.`;
                  }}
                />
              )}
            </>
          );
        }}
      </Loading>
    </section>
  );
}
