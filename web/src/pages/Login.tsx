import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiProblem, api, type Role, type Session } from '../api';
import { ROLE_LABEL, sortSv } from '../format';
import { href, messageOf } from '../lib';
import { OidcSignIn } from './OidcSignIn';
import { NewMunicipality } from './owner/NewMunicipality';

interface DevMunicipality {
  municipalityId: string;
  name: string;
  organs: { organId: string; name: string; shortName: string }[];
}

export function LoginPage({ onSignIn }: { onSignIn(session: Session): void }) {
  const [list, setList] = useState<DevMunicipality[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [municipalityId, setMunicipalityId] = useState('');
  const [role, setRole] = useState<Role>('process_owner');
  const [organId, setOrganId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    api<{ municipalities: DevMunicipality[] }>('GET', '/dev/municipalities').then(
      ({ municipalities }) => {
        setList(municipalities);
        const last = municipalities.at(-1);
        if (last) setMunicipalityId(last.municipalityId);
      },
      (e: unknown) =>
        setLoadError(
          e instanceof ApiProblem && e.status === 404
            ? 'Inloggning för utveckling är inte påslagen på servern (ARSHJUL_DEV_AUTH=1).'
            : messageOf(e),
        ),
    );
  }, []);

  const chosen = list?.find((x) => x.municipalityId === municipalityId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (role === 'secretary' && !organId) {
      setError('Välj vilket organ du är nämndsekreterare för.');
      return;
    }
    setBusy(true);
    try {
      const result = await api<Omit<Session, 'role'> & { roles: Role[] }>('POST', '/dev/token', {
        body: { municipalityId, role, ...(role === 'secretary' ? { organId } : {}) },
      });
      onSignIn({
        token: result.token,
        sub: result.sub,
        municipalityId: result.municipalityId,
        municipalityName: result.municipalityName,
        role,
        organs: role === 'secretary' ? [organId, ...result.organs.filter((o) => o !== organId)] : [],
      });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-h`} className="login">
      <h1 id={`${id}-h`}>Logga in</h1>
      <OidcSignIn />
      <p>
        Demoinloggning: välj kommun och roll. Processägaren startar och styr cykeln, nämndsekreteraren lämnar
        in organets uppgifter och revisorn granskar historiken.
      </p>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {list && list.length === 0 && (
        <p>Det finns ingen registrerad kommun ännu. En kommun registreras innan någon kan logga in.</p>
      )}
      {list && list.length > 0 && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-m`}>Kommun</label>
            <select id={`${id}-m`} value={municipalityId} onChange={(e) => setMunicipalityId(e.target.value)}>
              {sortSv(list, (x) => x.name).map((x) => (
                <option key={x.municipalityId} value={x.municipalityId}>
                  {x.name} ({x.municipalityId})
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>Roll</legend>
            {(['process_owner', 'secretary', 'auditor'] as const).map((r) => (
              <label key={r} className="radio">
                <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
                {ROLE_LABEL[r]}
              </label>
            ))}
          </fieldset>
          {role === 'secretary' && (
            <div className="field">
              <label htmlFor={`${id}-o`}>Organ</label>
              <select
                id={`${id}-o`}
                value={organId}
                onChange={(e) => setOrganId(e.target.value)}
                aria-describedby={error ? `${id}-err` : undefined}
              >
                <option value="">Välj organ …</option>
                {sortSv(chosen?.organs ?? [], (o) => o.name).map((o) => (
                  <option key={o.organId} value={o.organId}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {error && (
            <p role="alert" id={`${id}-err`} className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            Logga in
          </button>
        </form>
      )}
      {!loadError && (
        <NewMunicipality
          onSignIn={(session, page) => {
            onSignIn(session);
            window.location.hash = href(page);
          }}
        />
      )}
    </section>
  );
}
