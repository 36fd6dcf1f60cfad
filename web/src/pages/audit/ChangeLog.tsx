/** Ändringslogg: vem ändrade vad i organisationen och styrdokumenten, och när (kommunens händelseström). */
import { useId, useState } from 'react';
import { eventLabel, formatDate } from '../../format';
import { Loading, PageHeading, useApp, useGet } from '../../lib';
import { ExportButton } from './ExportButton';

interface StreamEvent {
  globalPosition: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor?: string };
  occurredAt: string;
}

const STEERING = new Set([
  'VisionSet',
  'ValuesSet',
  'CouncilGoalAdopted',
  'ExternalFactorAdopted',
  'OrganGoalAdopted',
  'IndicatorAdded',
  'IndicatorDefined',
  'IndicatorValueRecorded',
  'ActivityAdded',
  'ActivityPlanned',
]);

const time = new Intl.DateTimeFormat('sv-SE', { timeStyle: 'short', timeZone: 'Europe/Stockholm' });
const when = (iso: string) => `${formatDate(iso)} kl. ${time.format(new Date(iso))}`;

/** What the change was about, in a few Swedish words from the event's data. */
function describe(e: StreamEvent, organName: (id: string) => string): string {
  const d = e.data as Record<string, string | number | undefined> & { values?: { title: string }[] };
  const period = d.fromYear ? ` (${d.fromYear}–${d.toYear})` : '';
  const organ = typeof d.organId === 'string' ? organName(d.organId) : '';
  switch (e.type) {
    case 'MunicipalityRegistered':
      return String(d.name ?? '');
    case 'OrganAdded':
      return `${d.name} (${d.shortName})`;
    case 'DepartmentAdded':
      return `${d.name}, ${organ}`;
    case 'SecretaryAssigned':
    case 'SecretaryRemoved':
      return `${d.userId}, ${organ}`;
    case 'ProcessOwnerAssigned':
    case 'ProcessOwnerRemoved':
    case 'AuditorAssigned':
      return String(d.userId ?? '');
    case 'VisionSet':
      return `${d.text}${period}`;
    case 'ValuesSet':
      return `${(d.values ?? []).map((v) => v.title).join(', ')}${period}`;
    default:
      return `${d.title ?? d.name ?? ''}${period}${organ ? `, ${organ}` : ''}`;
  }
}

export function ChangeLogPage() {
  const { session, organName } = useApp();
  const id = useId().replace(/:/g, '');
  const [scope, setScope] = useState<'all' | 'organisation' | 'steering'>('all');
  const stream = `municipality-${session.municipalityId}`;
  const events = useGet<{ events: StreamEvent[] }>(
    `/audit/events?stream=${encodeURIComponent(stream)}&limit=1000`,
  );
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Ändringar i organisation och styrdokument</PageHeading>
      <p>
        Varje ändring av kommunens organ, personer och roller, vision, värdegrund, riktningsmål och
        omvärldsfaktorer: vem som gjorde den och när. Historiken kan inte ändras i efterhand.
      </p>
      <ExportButton />
      <fieldset className="inline">
        <legend>Visa</legend>
        {(
          [
            ['all', 'Alla ändringar'],
            ['organisation', 'Organisation och roller'],
            ['steering', 'Styrdokument'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name={`${id}-scope`}
              value={value}
              checked={scope === value}
              onChange={() => setScope(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <Loading result={events}>
        {({ events: list }) => {
          const shown = list.filter(
            (e) => scope === 'all' || (scope === 'steering') === STEERING.has(e.type),
          );
          return (
            <table>
              <caption>Ändringslogg ({shown.length} ändringar)</caption>
              <thead>
                <tr>
                  <th scope="col">När</th>
                  <th scope="col">Vem</th>
                  <th scope="col">Vad</th>
                  <th scope="col">Gäller</th>
                </tr>
              </thead>
              <tbody>
                {[...shown].reverse().map((e) => (
                  <tr key={e.globalPosition}>
                    <td>{when(e.occurredAt)}</td>
                    <td>{e.metadata.actor ?? (e.data.by as string | undefined) ?? '–'}</td>
                    <td>{eventLabel(e.type)}</td>
                    <td>{describe(e, organName)}</td>
                  </tr>
                ))}
                {shown.length === 0 && (
                  <tr>
                    <td colSpan={4}>Inga ändringar.</td>
                  </tr>
                )}
              </tbody>
            </table>
          );
        }}
      </Loading>
    </section>
  );
}
