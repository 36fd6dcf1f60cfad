/** Personer och roller: processägare, nämndsekreterare per organ, revisorer — lägg till och ta bort. */
import { useState } from 'react';
import { Loading, messageOf, PageHeading, useApp, useGet } from '../../lib';
import { QuickForm } from './form-kit';
import { byName, collator, type MunicipalityFull, send } from './model';

const EMAIL_HINT = 'Personens e-postadress, som också är användarnamnet, t.ex. anna.svensson@kommun.se.';

function RemoveButton({ label, onRemove }: { label: string; onRemove(): Promise<unknown> }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await onRemove();
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </button>
  );
}

export function PeoplePage() {
  const { session, asOf } = useApp();
  const canEdit = !asOf && session.role === 'process_owner';
  const result = useGet<MunicipalityFull>('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  return (
    <section aria-labelledby="people-h">
      <PageHeading id="people-h">Personer och roller</PageHeading>
      <p>
        Processägare styr cyklerna, nämndsekreterare lämnar in sitt organs uppgifter och revisorer granskar.
        En ändring gäller direkt, även i cykler som pågår.
      </p>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      <Loading result={result}>
        {(mun) => {
          const reload = result.state === 'done' ? result.reload : () => undefined;
          const remove = async (path: string, text: string) => {
            try {
              await send(session, 'DELETE', path);
              setMessage({ ok: true, text });
              reload();
            } catch (e) {
              setMessage({ ok: false, text: messageOf(e) });
            }
          };
          const organs = Object.values(mun.organs).sort(byName);
          const secretaries = organs.flatMap((o) =>
            [...o.secretaries].sort(collator.compare).map((u) => ({ organ: o, userId: u })),
          );
          return (
            <>
              <h2>Processägare</h2>
              <ul className="people">
                {[...mun.processOwners].sort(collator.compare).map((u) => (
                  <li key={u}>
                    {u}{' '}
                    {canEdit && (
                      <RemoveButton
                        label={`Ta bort ${u} som processägare`}
                        onRemove={() =>
                          remove(
                            `/process-owners/${encodeURIComponent(u)}`,
                            `${u} är inte längre processägare.`,
                          )
                        }
                      />
                    )}
                  </li>
                ))}
              </ul>
              {canEdit && (
                <QuickForm
                  title="Utse en processägare"
                  headingLevel={3}
                  submitLabel="Utse processägaren"
                  fields={[{ name: 'userId', label: 'E-postadress', hint: EMAIL_HINT }]}
                  build={(v) => ({ ok: true, body: { userId: v.userId?.trim() } })}
                  send={(body) => send(session, 'POST', '/process-owners', body)}
                  done={(v) => {
                    reload();
                    return `${v.userId} är processägare.`;
                  }}
                />
              )}

              <h2>Nämndsekreterare</h2>
              <table>
                <caption>Nämndsekreterare per organ</caption>
                <thead>
                  <tr>
                    <th scope="col">Organ</th>
                    <th scope="col">Nämndsekreterare</th>
                    <th scope="col">Åtgärd</th>
                  </tr>
                </thead>
                <tbody>
                  {secretaries.map(({ organ, userId }) => (
                    <tr key={`${organ.organId}|${userId}`}>
                      <td>{organ.name}</td>
                      <td>{userId}</td>
                      <td>
                        {canEdit && (
                          <RemoveButton
                            label={`Ta bort ${userId} för ${organ.shortName}`}
                            onRemove={() =>
                              remove(
                                `/organs/${encodeURIComponent(organ.organId)}/secretaries/${encodeURIComponent(userId)}`,
                                `${userId} är inte längre nämndsekreterare för ${organ.name}.`,
                              )
                            }
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                  {secretaries.length === 0 && (
                    <tr>
                      <td colSpan={3}>Inga nämndsekreterare ännu.</td>
                    </tr>
                  )}
                </tbody>
              </table>
              {canEdit && organs.length > 0 && (
                <QuickForm
                  title="Utse en nämndsekreterare"
                  headingLevel={3}
                  submitLabel="Utse nämndsekreteraren"
                  fields={[
                    {
                      name: 'organId',
                      label: 'Organ',
                      kind: 'select',
                      options: organs.map((o) => ({ value: o.organId, label: o.name })),
                    },
                    { name: 'userId', label: 'E-postadress', hint: EMAIL_HINT },
                  ]}
                  build={(v) => ({ ok: true, body: { organId: v.organId, userId: v.userId?.trim() } })}
                  send={(body) => send(session, 'POST', '/secretaries', body)}
                  done={(v) => {
                    reload();
                    return `${v.userId} är nämndsekreterare för ${mun.organs[v.organId ?? '']?.name ?? ''}.`;
                  }}
                />
              )}

              <h2>Revisorer</h2>
              <ul className="people">
                {[...mun.auditors].sort(collator.compare).map((u) => (
                  <li key={u}>{u}</li>
                ))}
                {mun.auditors.length === 0 && <li>Inga revisorer ännu.</li>}
              </ul>
              <p className="hint">En revisor kan inte tas bort här ännu: servern saknar det kommandot.</p>
              {canEdit && (
                <QuickForm
                  title="Utse en revisor"
                  headingLevel={3}
                  submitLabel="Utse revisorn"
                  fields={[{ name: 'userId', label: 'E-postadress', hint: EMAIL_HINT }]}
                  build={(v) => ({ ok: true, body: { userId: v.userId?.trim() } })}
                  send={(body) => send(session, 'POST', '/auditors', body)}
                  done={(v) => {
                    reload();
                    return `${v.userId} är revisor.`;
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
