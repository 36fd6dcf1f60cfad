import { useEffect, useId, useState } from 'react';
import { m } from '../../api';
import { messageOf, PageHeading, useApp } from '../../lib';
import { useYears, YearPicker } from '../YearPicker';
import { fetchFile, saveFile } from './download';

const DOCUMENTS = [
  { kind: 'verksamhetsplan', title: 'Verksamhetsplan (per nämnd)' },
  { kind: 'delarsrapport', title: 'Delårsrapport' },
  { kind: 'arsredovisning', title: 'Årsredovisning' },
  { kind: 'tillitsdialoger', title: 'Redovisning av tillitsdialoger till kommunfullmäktige' },
  { kind: 'revision', title: 'Revisionens granskning av cykeln' },
] as const;

const FORMATS = [
  { format: 'pdf', label: 'PDF' },
  { format: 'docx', label: 'Word' },
  { format: 'html', label: 'HTML' },
] as const;

const CHARTS = [
  { chart: 'maluppfyllelse', title: 'Måluppfyllelse per mål' },
  { chart: 'budget-utfall', title: 'Budget och utfall per organ' },
  { chart: 'indikatorer', title: 'Indikatorernas utveckling' },
  { chart: 'sista-dag', title: 'Inlämning i tid per fas' },
] as const;

/** The query of every download: the chosen "as of" date, and the nämnd for a verksamhetsplan. */
function query(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function DocumentsPage() {
  const [chosen, setChosen] = useState<number | null>(null);
  const { years, year } = useYears(chosen);
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Dokument</PageHeading>
      <p>
        Dokumenten tas fram ur händelserna som de såg ut per det valda datumet (”Visa läget per”), som PDF
        (tillgänglig, taggad), Word eller HTML. Budgetramar, planer och indikatorvärden finns som Excel.
      </p>
      <YearPicker years={years} year={year} onChange={setChosen} />
      {year === null ? <p>Det finns ingen cykel ännu.</p> : <DocumentsOfYear key={year} year={year} />}
    </section>
  );
}

function DocumentsOfYear({ year }: { year: number }) {
  const { session, municipality, asOf } = useApp();
  const committees = Object.values(municipality?.organs ?? {}).filter((o) => o.kind === 'committee');
  const [organ, setOrgan] = useState<string>('');
  const [status, setStatus] = useState<string>('');
  const organId = organ || committees[0]?.organId || '';
  const base = m(session, `/cycles/${year}`);
  const organField = useId();

  const download = async (path: string, label: string) => {
    setStatus(`Tar fram ${label}…`);
    try {
      const file = await fetchFile(path, session.token);
      saveFile(file.blob, file.fileName);
      setStatus(`${label} är nedladdad (${file.fileName}).`);
    } catch (error) {
      setStatus(`Kunde inte ta fram ${label}: ${messageOf(error)}`);
    }
  };

  return (
    <>
      <div className="field inline">
        <label htmlFor={organField}>Nämnd för verksamhetsplanen</label>
        <select id={organField} value={organId} onChange={(e) => setOrgan(e.target.value)}>
          {committees.map((o) => (
            <option key={o.organId} value={o.organId}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <table>
        <caption>Dokument för budgetår {year}</caption>
        <thead>
          <tr>
            <th scope="col">Dokument</th>
            <th scope="col">Ladda ned</th>
          </tr>
        </thead>
        <tbody>
          {DOCUMENTS.map((d) => (
            <tr key={d.kind}>
              <th scope="row">{d.title}</th>
              <td>
                {FORMATS.map((f) => (
                  <button
                    key={f.format}
                    type="button"
                    aria-label={`${d.title} som ${f.label}`}
                    onClick={() =>
                      download(
                        `${base}/documents/${d.kind}${query({
                          format: f.format,
                          asOf,
                          organ: d.kind === 'verksamhetsplan' ? organId : null,
                        })}`,
                        `${d.title} (${f.label})`,
                      )
                    }
                  >
                    {f.label}
                  </button>
                ))}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Budgetramar, planer och indikatorvärden</th>
            <td>
              <button
                type="button"
                aria-label="Budgetramar, planer och indikatorvärden som Excel"
                onClick={() => download(`${base}/workbook${query({ asOf })}`, 'Excel-filen')}
              >
                Excel
              </button>
            </td>
          </tr>
        </tbody>
      </table>
      <p role="status">{status}</p>
      <h2>Diagram</h2>
      {CHARTS.map((c) => (
        <ChartFigure key={c.chart} path={`${base}/charts/${c.chart}${query({ asOf })}`} title={c.title} />
      ))}
    </>
  );
}

/**
 * A chart as the server rendered it, shown as an image of its SVG (so nothing in it runs), with the
 * SVG's own <desc> as the text alternative.
 */
function ChartFigure({ path, title }: { path: string; title: string }) {
  const { session } = useApp();
  const [chart, setChart] = useState<{ url: string; alt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let url = '';
    fetchFile(path, session.token)
      .then(async (f) => {
        const text = await f.blob.text();
        const svg = new DOMParser().parseFromString(text, 'image/svg+xml');
        url = URL.createObjectURL(f.blob);
        return { url, alt: svg.querySelector('desc')?.textContent ?? title };
      })
      .then(
        (c) => live && setChart(c),
        (e: unknown) => live && setError(messageOf(e)),
      );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [path, session.token, title]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {error && <p>Kunde inte hämta diagrammet: {error}</p>}
      {chart && <img src={chart.url} alt={chart.alt} />}
    </figure>
  );
}
