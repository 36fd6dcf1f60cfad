/** The planned tillitsdialoger of a cycle, and the process owner's form to plan one (date, time, place, form). */
import { useId, useState } from 'react';
import { formatDate } from '../format';
import { Loading, useApp, useGet } from '../lib';
import { QuickForm } from './owner/form-kit';
import { byName, type MunicipalityFull, send, slug } from './owner/model';
import { useYears, YearPicker } from './YearPicker';

interface Scheduled {
  dialogueId: string;
  organId: string;
  date: string;
  time: string;
  place: string;
  format: 'on_site' | 'digital' | 'hybrid';
}

interface CycleView {
  cycle: {
    status: string;
    calendar: { tillitsdialog: { start: string; end: string } };
    scheduledDialogues?: Record<string, Scheduled>;
  };
}

const FORMAT_LABEL: Record<Scheduled['format'], string> = {
  on_site: 'På plats',
  digital: 'Digitalt',
  hybrid: 'Både på plats och digitalt',
};

export function DialogueScheduling() {
  const { session, asOf, organName } = useApp();
  const id = useId().replace(/:/g, '');
  const [picked, setPicked] = useState<number | null>(null);
  const { years, year } = useYears(picked);
  const status = useGet<CycleView>(year ? `/cycles/${year}` : null);
  const mun = useGet<MunicipalityFull>('');
  const canEdit = !asOf && session.role === 'process_owner';
  if (year === null) return null;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Planerade tillitsdialoger</h2>
      <YearPicker years={years} year={year} onChange={setPicked} />
      <Loading result={status}>
        {(s) => {
          const planned = Object.values(s.cycle.scheduledDialogues ?? {}).sort(
            (a, b) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time),
          );
          const period = s.cycle.calendar.tillitsdialog;
          const organs =
            mun.state === 'done'
              ? Object.values(mun.data.organs)
                  .filter((o) => o.kind !== 'council')
                  .sort(byName)
              : [];
          return (
            <>
              <table>
                <caption>Planerade tillitsdialoger {year}</caption>
                <thead>
                  <tr>
                    <th scope="col">Organ</th>
                    <th scope="col">Datum och tid</th>
                    <th scope="col">Plats</th>
                    <th scope="col">Form</th>
                  </tr>
                </thead>
                <tbody>
                  {planned.map((d) => (
                    <tr key={d.dialogueId}>
                      <td>{organName(d.organId)}</td>
                      <td>
                        {formatDate(d.date)} kl. {d.time}
                      </td>
                      <td>{d.place}</td>
                      <td>{FORMAT_LABEL[d.format]}</td>
                    </tr>
                  ))}
                  {planned.length === 0 && (
                    <tr>
                      <td colSpan={4}>Inga tillitsdialoger är planerade ännu.</td>
                    </tr>
                  )}
                </tbody>
              </table>
              {canEdit && s.cycle.status === 'running' && organs.length > 0 && (
                <QuickForm
                  title="Planera en tillitsdialog"
                  intro={
                    <p>
                      Dialogerna hålls mellan {formatDate(period.start)} och {formatDate(period.end)}.
                      Organet, kommunstyrelsen och processägarna får mötet i sina kalenderflöden.
                    </p>
                  }
                  submitLabel="Planera dialogen"
                  fields={[
                    {
                      name: 'organId',
                      label: 'Organ som kommunstyrelsen möter',
                      kind: 'select',
                      options: organs.map((o) => ({ value: o.organId, label: o.name })),
                    },
                    { name: 'date', label: 'Datum', kind: 'date' },
                    { name: 'time', label: 'Starttid', hint: 'Skriv tiden som TT:MM, till exempel 13:30.' },
                    { name: 'place', label: 'Plats', hint: 'Till exempel Sessionssalen, kommunhuset.' },
                    {
                      name: 'format',
                      label: 'Hur hålls dialogen?',
                      requiredMessage: 'Välj hur dialogen hålls',
                      kind: 'radio',
                      options: (Object.keys(FORMAT_LABEL) as Scheduled['format'][]).map((f) => ({
                        value: f,
                        label: FORMAT_LABEL[f],
                      })),
                    },
                  ]}
                  build={(v) => {
                    const time = (v.time ?? '').trim();
                    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
                      return {
                        ok: false,
                        errors: [{ name: 'time', message: 'Starttid: skriv tiden som TT:MM, t.ex. 13:30' }],
                      };
                    return {
                      ok: true,
                      body: {
                        dialogueId: `${year}-${slug(v.organId ?? '')}-${v.date}`,
                        organId: v.organId,
                        date: v.date,
                        time,
                        place: (v.place ?? '').trim(),
                        format: v.format,
                      },
                    };
                  }}
                  send={(body) => send(session, 'POST', `/cycles/${year}/dialogues`, body)}
                  done={(v) => {
                    if (status.state === 'done') status.reload();
                    return `Tillitsdialogen med ${organName(v.organId ?? '')} är planerad ${formatDate(v.date)} kl. ${v.time}.`;
                  }}
                />
              )}
            </>
          );
        }}
      </Loading>
    </section>
  );
}
