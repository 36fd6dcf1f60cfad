import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeMunicipalityCommand } from '../../application/municipality';
import { httpCyclePort } from '../../demo/http-port';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { type KoladaDevServer, sampleValues, startKoladaDevServer } from '../../kolada/dev-server';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { allViolations, capture, createWebHarness, signIn, type WebHarness } from './support';

const M = 'ale';
const owner = ALE_USERS.processOwner;
const AT = '2026-11-30T08:00:00.000Z';
const INDICATOR = 'Andel behöriga elever';

/** The Dokument page downloads every document and shows the charts; the Mål page shows Kolada's values. */
describe('documents and Kolada values in the browser', () => {
  let w: WebHarness;
  let kolada: KoladaDevServer;
  let koladaUrl: string | undefined;

  beforeAll(async () => {
    w = await createWebHarness('web_documents', M);
    kolada = await startKoladaDevServer({ values: sampleValues() });
    koladaUrl = process.env.ARSHJUL_KOLADA_URL;
    process.env.ARSHJUL_KOLADA_URL = kolada.url;
    // A nämndmål with an indicator, as KS adopts them (the registration has none).
    for (const command of [
      {
        type: 'AdoptOrganGoal' as const,
        at: AT,
        actor: owner,
        goalId: 'bun-behorighet',
        organId: ALE_ORGAN.bun,
        year: 2027,
        title: 'Fler elever är behöriga till gymnasiet',
        councilGoalIds: ['rm-livslangt-larande'],
      },
      {
        type: 'AddIndicator' as const,
        at: AT,
        actor: owner,
        indicatorId: 'bun-behorighet-ind',
        organGoalId: 'bun-behorighet',
        name: INDICATOR,
        unit: '%',
        target: 80,
        period: { from: '2027-01-01', to: '2027-12-31' },
      },
    ]) {
      await executeMunicipalityCommand(w.h.store, M, command, { causationId: 'test' });
    }
    // Bound and fetched through the API, from our local server in Kolada's v3 shape.
    const token = await w.tokenFor(owner);
    await w.client.ok('POST', `/municipalities/${M}/steering/indicators/bun-behorighet-ind/kolada`, {
      token,
      body: { kpiId: 'N00945', years: [2021, 2022, 2023, 2024, 2025], comparisonMunicipalityCodes: ['1441'] },
    });
    await w.client.ok('POST', `/municipalities/${M}/kolada/refresh`, { token });
    await httpCyclePort({
      client: w.client,
      municipalityId: M,
      budgetYear: 2027,
      tokenFor: w.tokenFor,
      readerToken: () => w.tokenFor(owner),
      time: w.time,
    }).startCycle(aleCycleInput());
  });
  afterAll(async () => {
    if (koladaUrl === undefined) delete process.env.ARSHJUL_KOLADA_URL;
    else process.env.ARSHJUL_KOLADA_URL = koladaUrl;
    await kolada?.close();
    await w?.teardown();
  });

  async function download(page: Page, button: string): Promise<{ name: string; body: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    const path = await file.path();
    return { name: file.suggestedFilename(), body: await readFile(path) };
  }

  it('the Dokument page downloads each document as PDF, Word and HTML, the workbook, and shows the charts', async () => {
    const page = await w.newPage();
    await signIn(page, w.url, 'Processägare');
    await page.getByRole('navigation').getByRole('link', { name: 'Dokument', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dokument' }).waitFor();
    await page.getByRole('table', { name: /Dokument för budgetår 2027/ }).waitFor();

    // Every chart arrives as an image of the server's SVG, with the SVG's own description as alt text.
    const charts = page.locator('figure.chart img');
    await expect.poll(() => charts.count(), { timeout: 30_000 }).toBe(4);
    for (const img of await charts.all()) {
      await expect
        .poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0))
        .toBe(true);
      expect((await img.getAttribute('alt'))?.length ?? 0).toBeGreaterThan(20);
    }
    const indicatorAlt = await page.getByRole('img', { name: /Linjediagram över en indikator/ }).count();
    expect(indicatorAlt).toBe(1);
    await capture(page, 'dokument');
    expect(allViolations('dokument')).toEqual([]);

    const magic: Record<string, string> = { pdf: '%PDF', docx: 'PK', html: '<!doctype html>' };
    for (const title of [
      'Verksamhetsplan (per nämnd)',
      'Årsredovisning',
      'Revisionens granskning av cykeln',
    ]) {
      for (const [format, label] of [
        ['pdf', 'PDF'],
        ['docx', 'Word'],
        ['html', 'HTML'],
      ] as const) {
        const file = await download(page, `${title} som ${label}`);
        expect(file.name).toMatch(new RegExp(`^${M}-2027-.+\\.${format}$`));
        expect(file.body.subarray(0, magic[format]?.length).toString('latin1')).toBe(magic[format]);
        if (format === 'html' && title !== 'Revisionens granskning av cykeln') {
          expect(file.body.toString('utf8')).toContain('Källa: Kolada (N00945, hämtat');
        }
      }
    }
    for (const title of ['Delårsrapport', 'Redovisning av tillitsdialoger till kommunfullmäktige']) {
      const file = await download(page, `${title} som PDF`);
      expect(file.body.subarray(0, 4).toString('latin1')).toBe('%PDF');
    }
    const workbook = await download(page, 'Budgetramar, planer och indikatorvärden som Excel');
    expect(workbook.name).toMatch(/\.xlsx$/);
    expect(workbook.body.subarray(0, 2).toString('latin1')).toBe('PK');
    await page.getByRole('status').filter({ hasText: 'är nedladdad' }).waitFor();
  });

  it('the Mål page shows the indicator’s Kolada values with "Källa: Kolada"', async () => {
    const page = await w.newPage();
    await signIn(page, w.url, 'Processägare');
    await page.getByRole('navigation').getByRole('link', { name: 'Mål och måluppfyllelse' }).click();
    await page.getByRole('heading', { level: 1, name: /Mål/ }).waitFor();
    const table = page.getByRole('table', { name: /Utfall enligt Kolada/ });
    await table.waitFor({ timeout: 30_000 });
    const caption = await table.locator('caption').textContent();
    expect(caption).toMatch(/Källa: Kolada \(N00945, hämtat \d+ [a-zåäö]+ \d{4}\)/);
    // Ale and the comparison municipality, one row each, with the values our Kolada server gave.
    expect(await table.getByRole('rowheader').allInnerTexts()).toEqual(['1440', '1441']);
    const ale2025 = sampleValues().find(
      (v) => v.municipality === '1440' && v.period === 2025 && v.gender === 'T',
    );
    expect(await table.getByRole('row', { name: /1440/ }).textContent()).toContain(
      String(ale2025?.value).replace('.', ','),
    );
    await capture(page, 'mal-kolada');
    expect(allViolations('mal-kolada')).toEqual([]);
  });
});
