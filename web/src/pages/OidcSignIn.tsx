import { useEffect, useState } from 'react';
import { compareSv } from '../format';
import { type OidcConfig, oidcConfig } from '../oidc';

const ERRORS: Record<string, string> = {
  roll: 'Du är inloggad hos kommunen men har ingen roll i Årshjulet. Kontakta processägaren.',
  inloggning: 'Inloggningen misslyckades. Försök igen.',
  session: 'Inloggningen tog för lång tid. Försök igen.',
  kommun: 'Välj din kommun för att logga in.',
};

/** "Logga in med kommunens inloggning", when the server has an OpenID provider. */
export function OidcSignIn() {
  const [config, setConfig] = useState<OidcConfig | null>(null);
  const reason = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('fel');
  useEffect(() => {
    oidcConfig().then(setConfig);
  }, []);
  if (!config) return null;
  // Back to the page the person came for (an e-mail's task link, say) once signed in.
  const here = window.location.hash;
  const till = here.startsWith('#/') && !here.startsWith('#/inloggning') ? here : '';
  const own = [...config.municipalities].sort((a, b) => compareSv(a.name, b.name));
  return (
    <div className="oidc-signin">
      {reason && ERRORS[reason] && (
        <p role="alert" className="error">
          {ERRORS[reason]}
        </p>
      )}
      {own.length === 0 ? (
        <p>
          <a className="button" href={till ? `/auth/login?till=${encodeURIComponent(till)}` : '/auth/login'}>
            Logga in med kommunens inloggning
          </a>
        </p>
      ) : (
        // Municipalities with a provider of their own: the person says which one is theirs.
        <form action="/auth/login" method="get" aria-label="Logga in med kommunens inloggning">
          <div className="field">
            <label htmlFor="oidc-kommun">Din kommun</label>
            <select id="oidc-kommun" name="kommun" defaultValue={own[0]?.id}>
              {own.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
              {config.shared && <option value="">Annan kommun</option>}
            </select>
          </div>
          {till && <input type="hidden" name="till" value={till} />}
          <button type="submit">Logga in med kommunens inloggning</button>
        </form>
      )}
    </div>
  );
}
