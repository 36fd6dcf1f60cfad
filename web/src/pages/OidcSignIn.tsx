import { useEffect, useState } from 'react';
import { oidcEnabled } from '../oidc';

const ERRORS: Record<string, string> = {
  roll: 'Du är inloggad hos kommunen men har ingen roll i Årshjulet. Kontakta processägaren.',
  inloggning: 'Inloggningen misslyckades. Försök igen.',
  session: 'Inloggningen tog för lång tid. Försök igen.',
};

/** "Logga in med kommunens inloggning", when the server has an OpenID provider. */
export function OidcSignIn() {
  const [enabled, setEnabled] = useState(false);
  const reason = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('fel');
  useEffect(() => {
    oidcEnabled().then(setEnabled);
  }, []);
  if (!enabled) return null;
  // Back to the page the person came for (an e-mail's task link, say) once signed in.
  const here = window.location.hash;
  const login =
    here.startsWith('#/') && !here.startsWith('#/inloggning')
      ? `/auth/login?till=${encodeURIComponent(here)}`
      : '/auth/login';
  return (
    <div className="oidc-signin">
      {reason && ERRORS[reason] && (
        <p role="alert" className="error">
          {ERRORS[reason]}
        </p>
      )}
      <p>
        <a className="button" href={login}>
          Logga in med kommunens inloggning
        </a>
      </p>
    </div>
  );
}
