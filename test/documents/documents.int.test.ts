import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMunicipalityChain } from '../../application/chain-check';
import { buildDocument } from '../../documents/build';
import { CHART_NAMES, cycleChart } from '../../documents/chart-set';
import { cycleWorkbook, KRONOR_FORMAT } from '../../documents/excel';
import { DOCUMENT_KINDS, type DocumentKind } from '../../documents/kinds';
import { renderDocument } from '../../documents/render/index';
import { closePdfBrowser } from '../../documents/render/pdf';
import { type CycleSnapshot, loadCycleSnapshot } from '../../documents/snapshot';
import { EventStore } from '../../eventstore';
import { aleScenario, appendScenario } from '../projections/scenario';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { followUpScenario } from './follow-up-scenario';
import {
  docxAltTexts,
  docxText,
  pdfAltTexts,
  pdfOutline,
  pdfPages,
  pdfReadBack,
  pdfStructure,
} from './support';

/** Every document of Ale's cycle 2027, built from events in a real Postgres store and read back. */
describe('documents from the events, read back as docx, PDF and PNG', () => {
  let db: TestDatabase;
  let store: EventStore;
  let snapshot: CycleSnapshot;

  beforeAll(async () => {
    db = await createTestDatabase('documents');
    store = new EventStore(db.appPool);
    await appendScenario(store, aleScenario('ale'));
    await appendScenario(store, followUpScenario('ale'));
    const s = await loadCycleSnapshot(db.appPool, 'ale', 2027);
    if (!s) throw new Error('no snapshot');
    snapshot = s;
  });
  afterAll(async () => {
    await closePdfBrowser();
    await db?.drop();
  });

  const build = (kind: DocumentKind) =>
    buildDocument(snapshot, {
      kind,
      budgetYear: 2027,
      organId: kind === 'verksamhetsplan' ? 'bun' : undefined,
      verify: () => verifyMunicipalityChain(db.appPool, store, 'ale', null),
    });

  it('a snapshot before the cycle started has no cycle', async () => {
    const early = await loadCycleSnapshot(db.appPool, 'ale', 2027, '2026-01-10T08:03:00.000Z');
    expect(early?.cycle).toBeNull();
    expect(snapshot.cycle).not.toBeNull();
  });

  for (const kind of DOCUMENT_KINDS) {
    it(`${kind}: Word has the title, headings and chart alt texts; the PDF is tagged Swedish text with an outline`, async () => {
      const doc = await build(kind);
      const docxBody = await renderDocument(doc, 'docx');
      const docx = await docxText(`${kind}.docx`, docxBody);
      expect(docx.headings[0]).toBe(doc.title);
      expect(docx.headings.length).toBeGreaterThan(2);
      const charts = doc.blocks.filter((b) => b.type === 'chart');
      expect(await docxAltTexts(`${kind}-alt.docx`, docxBody)).toEqual(charts.map((c) => c.alt));
      const html = (await renderDocument(doc, 'html')).toString('utf8');
      expect(html).toContain('lang="sv"');
      // Every table has column headers (a document may have none yet at an early date).
      const tables = html.split('<table').length - 1;
      expect((html.match(/<thead><tr><th scope="col"/g) ?? []).length).toBe(tables);
      const pdf = await pdfReadBack(`${kind}.pdf`, await renderDocument(doc, 'pdf'));
      expect(pdf.info).toMatch(/Tagged:\s+yes/);
      expect(pdf.info).toMatch(/Pages:\s+[1-9]/);
      const flat = pdf.text.replace(/\s+/g, ' ');
      expect(flat).toContain(doc.title.replace(/\s+/g, ' ').slice(0, 30));
      for (const h of docx.headings.slice(1, 4)) expect(flat).toContain(h.replace(/\s+/g, ' ').slice(0, 20));

      // The outline (bookmarks) lists every section heading, in order.
      const sections = doc.blocks.flatMap((b) => (b.type === 'heading' && b.level === 2 ? [b.text] : []));
      const outline = await pdfOutline(pdf.path);
      for (const title of sections) expect(outline).toContain(title);
      expect(outline.filter((t) => sections.includes(t))).toEqual(
        sections.filter((t) => outline.includes(t)),
      );

      // The tag tree: the title as H1, sections as H2, tables with header cells, charts as Figures.
      const struct = await pdfStructure(pdf.path);
      expect(struct).toMatch(/^\s*H1\b/m);
      expect((struct.match(/^\s*H2\b/gm) ?? []).length).toBeGreaterThanOrEqual(sections.length);
      if (tables > 0) {
        expect(struct).toMatch(/^\s*Table\b/m);
        expect(struct).toMatch(/^\s*TH\b/m);
      }
      // Each chart is a Figure carrying its alt text.
      expect((struct.match(/^ {4}Figure\b/gm) ?? []).length).toBe(charts.length);
      expect(await pdfAltTexts(pdf.path)).toEqual(charts.map((c) => `${c.title}. ${c.alt}`));

      const pngs = await pdfPages(pdf.path, `${kind}-page`, 1);
      expect(pngs.length).toBe(1);
    });
  }

  it('the workbook has the frames as numbers in kronor with the kronor format', async () => {
    const wb = new ExcelJS.Workbook();
    // exceljs types its input as the older Buffer type.
    await wb.xlsx.load((await cycleWorkbook(snapshot, 2027)) as unknown as ArrayBuffer);
    const frames = wb.getWorksheet('Budgetramar');
    expect(frames?.getRow(1).getCell(1).value).toBe('Organ');
    const amount = frames?.getRow(2).getCell(2);
    expect(typeof amount?.value).toBe('number');
    expect(amount?.numFmt).toBe(KRONOR_FORMAT);
    expect(wb.worksheets.map((w) => w.name)).toContain('Ekonomisk plan');
  });

  for (const name of CHART_NAMES) {
    it(`chart ${name}: a vega SVG carrying its own title and text alternative`, async () => {
      const chart = await cycleChart(snapshot, name, 2027);
      expect(chart.svg).toMatch(/^<svg[^>]* role="img" aria-labelledby="[^"]+"/);
      expect(chart.svg).toContain(`<title id=`);
      expect(chart.svg).toContain('<desc id=');
      // vega's SVG renderer groups marks in role-described <g class="mark-…"> elements.
      expect(chart.svg).toMatch(/class="mark-/);
    });
  }
});
