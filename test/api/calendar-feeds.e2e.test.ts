import ical, { type CalendarResponse, type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_USERS } from '../../domain/examples/ale';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

const M = 'ale';

function veventsOf(parsed: CalendarResponse): VEvent[] {
  return Object.values(parsed).filter(
    (c): c is VEvent => (c as { type?: string } | undefined)?.type === 'VEVENT',
  );
}
const BUN_TASK = 'ale.2027.nulagesanalys.ale-bun';
const DIALOGUE_UID = `${M}.2027.dialogue.dialog-bun-2027@arshjul`;

describe('calendar feeds (iCalendar)', () => {
  let a: ApiHarness;
  let owner: string;
  let secretary: string;

  beforeAll(async () => {
    a = await createApiHarness('calendar-feeds');
    await registerAle(a, M);
    owner = await a.tokenFor(M)(ALE_USERS.processOwner);
    secretary = await a.tokenFor(M)(ALE_USERS.secretaries['ale-bun'] as string);
    await startAleCycleAt(a, M, owner, '2026-02-10T09:00:00+01:00', [BUN_TASK]);
    await a.catchUpProjections();
  });
  afterAll(async () => {
    await a?.teardown();
  });

  const createFeed = (token: string, body: object) =>
    a.client.ok<{ path: string; url: string }>('POST', `/municipalities/${M}/calendar-feeds`, {
      token,
      body,
    });
  const fetchFeed = (path: string) => fetch(`${a.url}${path}`);

  it("serves an organ's due dates and planned decisions with stable UIDs, VALARMs and VTIMEZONE", async () => {
    const { path, url } = await createFeed(secretary, { organId: 'ale-bun' });
    expect(url).toBe(`${a.url}${path}`);
    const first = await fetchFeed(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/calendar');
    const text = await first.text();
    const parsed = ical.sync.parseICS(text);
    const events = veventsOf(parsed);
    const summaries = events.map((e) => String(e.summary));
    const due = events.find((e) => e.uid === `${BUN_TASK}.due@arshjul`);
    expect(due, summaries.join('\n')).toBeDefined();
    expect(String(due?.summary)).toMatch(/^Sista dag: .*\(BUN\)$/);
    // 08:00 in Stockholm (summer time: UTC+2) on the calendar's due date, reminders 7 and 1 days before.
    const dueDate = aleCycleInput().calendar.nulagesanalys.due;
    expect(dueDate).toBe('2026-04-17');
    expect(due?.start?.toISOString()).toBe(`${dueDate}T06:00:00.000Z`);
    expect(text).toContain(`DTSTART;TZID=Europe/Stockholm:${dueDate.replaceAll('-', '')}T080000`);
    expect((due?.alarms ?? []).map((al) => String(al.trigger))).toEqual(['-P7D', '-P1D']);
    expect(summaries).toContain('KF fastställer budget 2027');
    expect(summaries).toContain('Nämnderna antar verksamhetsplan 2027');
    expect(summaries.some((s) => s.startsWith('KS: budgetförslag'))).toBe(false);
    expect(
      Object.values(parsed).some(
        (c) => c?.type === 'VTIMEZONE' && (c as { tzid?: string }).tzid === 'Europe/Stockholm',
      ),
    ).toBe(true);
    expect(text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);

    const second = ical.sync.parseICS(await (await fetchFeed(path)).text());
    const uids = (c: typeof parsed) =>
      veventsOf(c)
        .map((e) => e.uid)
        .sort();
    expect(uids(second)).toEqual(uids(parsed));
    expect(new Set(uids(parsed)).size).toBe(uids(parsed).length);
  });

  it('shows a scheduled tillitsdialog as a meeting at its time and place, to the organ and KS', async () => {
    await a.client.ok('POST', `/municipalities/${M}/cycles/2027/dialogues`, {
      token: owner,
      body: {
        dialogueId: 'dialog-bun-2027',
        organId: 'ale-bun',
        date: '2026-05-12',
        time: '13:30',
        place: 'Sammanträdesrum Älvängen',
        format: 'hybrid',
      },
    });
    const meetingIn = async (token: string, body: object) => {
      const { path } = await createFeed(token, body);
      const text = await (await fetchFeed(path)).text();
      return { text, event: veventsOf(ical.sync.parseICS(text)).find((e) => e.uid === DIALOGUE_UID) };
    };
    const bun = await meetingIn(secretary, { organId: 'ale-bun' });
    expect(String(bun.event?.summary)).toBe('Tillitsdialog: KS och BUN');
    // 13:30 in Stockholm in May is 11:30 UTC; two hours; the place as LOCATION; reminded a day before.
    expect(bun.event?.start?.toISOString()).toBe('2026-05-12T11:30:00.000Z');
    expect(bun.event?.end?.toISOString()).toBe('2026-05-12T13:30:00.000Z');
    expect(String(bun.event?.location)).toBe('Sammanträdesrum Älvängen');
    expect(String(bun.event?.description)).toContain('på plats och digitalt');
    expect(bun.text).toContain('DTSTART;TZID=Europe/Stockholm:20260512T133000');
    expect((bun.event?.alarms ?? []).map((al) => String(al.trigger))).toEqual(['-P1D']);
    const ks = await meetingIn(await a.tokenFor(M)(ALE_USERS.secretaries['ale-ks'] as string), {
      organId: 'ale-ks',
    });
    expect(ks.event?.uid).toBe(DIALOGUE_UID);
    const sn = await meetingIn(await a.tokenFor(M)(ALE_USERS.secretaries['ale-sn'] as string), {
      organId: 'ale-sn',
    });
    expect(sn.event).toBeUndefined();
  });

  it("gives the process owner's own feed every organ's due dates and KS's meetings", async () => {
    const { path } = await createFeed(owner, {});
    const parsed = ical.sync.parseICS(await (await fetchFeed(path)).text());
    const summaries = veventsOf(parsed).map((e) => String(e.summary));
    expect(summaries).toContain('KS: budgetförslag 2027');
    expect(summaries.filter((s) => s.startsWith('Sista dag: ')).length).toBeGreaterThan(5);
  });

  it('renewing the token revokes the old URL (404) and the new one works', async () => {
    const old = await createFeed(secretary, {});
    expect((await fetchFeed(old.path)).status).toBe(200);
    const renewed = await createFeed(secretary, {});
    expect(renewed.path).not.toBe(old.path);
    expect((await fetchFeed(old.path)).status).toBe(404);
    expect((await fetchFeed(renewed.path)).status).toBe(200);
    expect((await fetchFeed('/calendar/okand-token-som-inte-finns-alls.ics')).status).toBe(404);
  });

  it("refuses an organ feed to a secretary of another organ (403) and another municipality's token (404)", async () => {
    const other = await a.client.request('POST', `/municipalities/${M}/calendar-feeds`, {
      token: secretary,
      body: { organId: 'ale-sn' },
    });
    expect(other.status).toBe(403);
    const foreign = await a.tokenFor('lerum')(ALE_USERS.processOwner);
    const res = await a.client.request('POST', `/municipalities/${M}/calendar-feeds`, {
      token: foreign,
      body: {},
    });
    expect(res.status).toBe(404);
  });
});
