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
          name: 'municipalityCode',
          label: 'Kommunkod',
          optional: true,
          hint: 'SCB:s fyrsiffriga kod, t.ex. 1440 för Ale. Med den hämtas kommunens nyckeltal från Kolada.',
        },
        {
          name: 'userId',
          label: 'Din e-postadress',
          hint: 'Blir ditt användarnamn, t.ex. anna.svensson@tjorn.se.',
        },
      ]}
      build={(v) => {
        const municipalityId = slug(v.municipalityId?.trim() || (v.name ?? '').replace(/s? kommun$/i, ''));
        const municipalityCode = v.municipalityCode?.trim() ?? '';
        const errors = [];
        if (!municipalityId)
          errors.push({ name: 'municipalityId', message: 'Ange ett kortnamn med bokstäver eller siffror' });
        // The same rule as the server's MunicipalityCode, said before anything is sent.
        if (municipalityCode && !/^\d{4}$/.test(municipalityCode))
          errors.push({
            name: 'municipalityCode',
            message: 'Kommunkoden ska vara fyra siffror (t.ex. 1440)',
          });
        if (errors.length) return { ok: false, errors };
        return {
          ok: true,
          body: {
            municipalityId,
            name: v.name?.trim(),
            userId: v.userId?.trim(),
            ...(municipalityCode ? { municipalityCode } : {}),
          },
        };
      }}
      send={async (raw) => {
        const { municipalityId, name, userId, municipalityCode } = raw as {
          municipalityId: string;
          name: string;
          userId: string;
          municipalityCode?: string;
        };
        const minted = await api<{ token: string; sub: string }>('POST', '/dev/token', {
          body: { municipalityId, role: 'process_owner', newMunicipality: { userId, name } },
        });
        const auth = { token: minted.token };
        await api('POST', '/municipalities', {
          ...auth,
          body: { municipalityId, name, ...(municipalityCode ? { municipalityCode } : {}) },
        });
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
