/** The hash chain check: every event's hash against its predecessor's, from the server. */
import { useId, useState } from 'react';
import { api, m } from '../../api';
import { messageOf, useApp } from '../../lib';

type Verify =
  | { ok: true; count: number; lastPosition: number }
  | { ok: false; firstBadPosition: number; reason: string; count?: number };

export function VerifyPanel() {
  const { session } = useApp();
  const [result, setResult] = useState<Verify | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  async function verify() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api<Verify>('GET', m(session, '/audit/verify'), { token: session.token }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>Hashkedjan</h2>
      <button type="button" onClick={() => void verify()} disabled={busy}>
        Kontrollera hashkedjan
      </button>
      <div role="status" aria-live="polite">
        {result?.ok === true && (
          <p className="ok">
            Hashkedjan är obruten: {result.count} händelser kontrollerade, ingen är ändrad eller borttagen.
          </p>
        )}
        {result?.ok === false && (
          <p className="error">
            Hashkedjan är bruten vid position {result.firstBadPosition} (
            {result.reason === 'hash_mismatch' ? 'hashen stämmer inte' : result.reason}).
          </p>
        )}
        {error && <p className="error">{error}</p>}
      </div>
    </section>
  );
}
