/** Laddar ner kommunens hashkedja som NDJSON (fram till det valda datumet, om ett är valt). */
import { useState } from 'react';
import { m } from '../../api';
import { formatDate } from '../../format';
import { useApp, withAsOf } from '../../lib';

export function ExportButton() {
  const { session, asOf } = useApp();
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    setState(null);
    try {
      // The export needs the bearer token, so it is fetched and handed to the browser as a file.
      const response = await fetch(m(session, withAsOf('/audit/export', asOf)), {
        headers: { authorization: `Bearer ${session.token}` },
      });
      if (!response.ok) throw new Error(`Exporten misslyckades (${response.status}).`);
      const blob = await response.blob();
      const lines = (await blob.text()).split('\n').filter(Boolean).length;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${session.municipalityId}-handelser${asOf ? `-${asOf}` : ''}.ndjson`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ ok: true, text: `Exporten är nedladdad (${lines} rader).` });
    } catch (e) {
      setState({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="actions export">
      <button type="button" onClick={download} disabled={busy}>
        Ladda ner händelserna (NDJSON){asOf ? ` till och med ${formatDate(asOf)}` : ''}
      </button>
      {state && (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'ok' : 'error'}>
          {state.text}
        </p>
      )}
    </div>
  );
}
