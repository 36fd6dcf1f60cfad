/** Anmälda brister i tillgängligheten: what users reported, for the process owners who answer them. */
import { useId } from 'react';
import { formatDateTime } from '../format';
import { href, Loading, PageHeading, useGet } from '../lib';

interface Report {
  reportId: number;
  page: string;
  description: string;
  contact: string | null;
  reportedAt: string;
}

export function AccessibilityReportsPage() {
  const id = useId();
  const result = useGet<{ reports: Report[] }>('/accessibility/reports');
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Anmälda tillgänglighetsbrister</PageHeading>
      <p>
        Det här har användare anmält via formuläret i{' '}
        <a href={href('tillganglighet')}>tillgänglighetsredogörelsen</a>. Svara inom fem arbetsdagar när en
        e-postadress är angiven, och för in kända brister i redogörelsen.
      </p>
      <Loading result={result}>
        {({ reports }) => (
          <table>
            <caption>Anmälningar, nyast först</caption>
            <thead>
              <tr>
                <th scope="col">Anmäld</th>
                <th scope="col">Sida</th>
                <th scope="col">Brist</th>
                <th scope="col">Svar till</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.reportId}>
                  <td>{formatDateTime(r.reportedAt)}</td>
                  <td>{r.page || '–'}</td>
                  <td className="prewrap">{r.description}</td>
                  <td>{r.contact ? <a href={`mailto:${r.contact}`}>{r.contact}</a> : 'Ingen adress'}</td>
                </tr>
              ))}
              {reports.length === 0 && (
                <tr>
                  <td colSpan={4}>Inga anmälningar ännu.</td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </Loading>
    </section>
  );
}
