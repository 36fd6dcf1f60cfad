/**
 * Registrera en ny kommun: the process owner who sets it up signs in for it (dev sign-in), registers
 * it and becomes its first process owner — the only moment anyone may act without being one.
 */
import { api, type Session } from '../../api';
import { QuickForm } from './form-kit';
import { slug } from './model';

export function NewMunicipality({ onSignIn }: { onSignIn(session: Session, first: string): void }) {
  return (
    <QuickForm
      title="Registrera en ny kommun"
      intro={<p>Du som processägare registrerar kommunen och blir dess första processägare.</p>}
      submitLabel="Registrera kommunen"
      fields={[
        { name: 'name', label: 'Kommunens namn', hint: 'Till exempel Tjörns kommun.' },
        {
          name: 'municipalityId',
          label: 'Kortnamn',
          optional: true,
          hint: 'Används i adresser och id:n, t.ex. tjorn. Lämnas det tomt skapas det av namnet.',
        },
        {
          name: 'userId',
          label: 'Din e-postadress',
          hint: 'Blir ditt användarnamn, t.ex. anna.svensson@tjorn.se.',
        },
      ]}
      build={(v) => {
        const municipalityId = slug(v.municipalityId?.trim() || (v.name ?? '').replace(/s? kommun$/i, ''));
        if (!municipalityId)
          return {
            ok: false,
            errors: [{ name: 'municipalityId', message: 'Ange ett kortnamn med bokstäver eller siffror' }],
          };
        return { ok: true, body: { municipalityId, name: v.name?.trim(), userId: v.userId?.trim() } };
      }}
      send={async (raw) => {
        const { municipalityId, name, userId } = raw as {
          municipalityId: string;
          name: string;
          userId: string;
        };
        const minted = await api<{ token: string; sub: string }>('POST', '/dev/token', {
          body: { municipalityId, role: 'process_owner', newMunicipality: { userId, name } },
        });
        const auth = { token: minted.token };
        await api('POST', '/municipalities', { ...auth, body: { municipalityId, name } });
        await api('POST', `/municipalities/${encodeURIComponent(municipalityId)}/process-owners`, {
          ...auth,
          body: { userId },
        });
        const session: Session = {
          token: minted.token,
          sub: minted.sub,
          municipalityId,
          municipalityName: name,
          role: 'process_owner',
          organs: [],
        };
        onSignIn(session, 'organisation');
        return session;
      }}
      done={(v) => `${v.name} är registrerad.`}
    />
  );
}
