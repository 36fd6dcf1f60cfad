import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMunicipalityChain } from '../../application/chain-check';
import { buildDocument } from '../../documents/build';
import { cycleWorkbook } from '../../documents/excel';
import { kronor } from '../../documents/format';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS, type DocumentKind } from '../../documents/kinds';
import { renderDocument } from '../../documents/render/index';
import { closePdfBrowser } from '../../documents/render/pdf';
import { loadCycleSnapshot } from '../../documents/snapshot';
import { koladaSourceText } from '../../domain/kolada/source';
import { EventStore, generateSigningKey, type KeyRing, signChainHeads } from '../../eventstore';
import { aleScenario, appendScenario } from '../projections/scenario';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  DEFICIT_2026_ORE,
  DEFICIT_2027_ORE,
  followUpScenario,
  KOLADA_FETCHED_AT,
  SPECIAL_REASONS_2026,
} from './follow-up-scenario';
import { docxText, pdfReadBack } from './support';

const run = promisify(execFile);
const KOLADA_SOURCE = koladaSourceText('N15428', KOLADA_FETCHED_AT);
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** What the documents say of Kolada values, the balanskrav and the hash chain, read back as a reader would. */
describe('documents: Kolada values, balanskrav and the chain check', () => {
  let db: TestDatabase;
  let store: EventStore;
  let ring: KeyRing;

  beforeAll(async () => {
    db = await createTestDatabase('documents_content');
    store = new EventStore(db.appPool);
    await appendScenario(store, aleScenario('ale'));
    await appendScenario(store, followUpScenario('ale'));
    const key = generateSigningKey('test-key');
    ring = { activeKeyId: key.keyId, keys: new Map([[key.keyId, key]]) };
  });
  afterAll(async () => {
    await closePdfBrowser();
    await db?.drop();
  });

  const build = async (kind: DocumentKind, budgetYear = 2027) => {
    const s = await loadCycleSnapshot(db.appPool, 'ale', budgetYear);
    if (!s) throw new Error('no snapshot');
    return buildDocument(s, {
      kind,
      budgetYear,
      organId: kind === 'verksamhetsplan' ? 'bun' : undefined,
      verify: () => verifyMunicipalityChain(db.appPool, store, 'ale', ring),
    });
  };
  const pdfText = async (kind: DocumentKind, budgetYear = 2027) => {
    const doc = await build(kind, budgetYear);
    const pdf = await pdfReadBack(`${kind}-${budgetYear}.pdf`, await renderDocument(doc, 'pdf'));
    const docx = await docxText(`${kind}-${budgetYear}.docx`, await renderDocument(doc, 'docx'));
    return { pdf: flat(pdf.text), docx: flat(docx.text), doc };
  };

  it('the årsredovisning and the verksamhetsplan show Kolada values with "Källa: Kolada" under each chart', async () => {
    expect(KOLADA_SOURCE).toBe('Källa: Kolada (N15428, hämtat 3 december 2026)');
    for (const kind of ['arsredovisning', 'verksamhetsplan'] as const) {
      const { pdf, docx, doc } = await pdfText(kind);
      const kolada = doc.blocks.filter((b) => b.type === 'chart' && b.source === KOLADA_SOURCE);
      // The trend of all indicators and the comparison with municipality 1401.
      expect(kolada.length).toBe(2);
      const comparison = kolada.find((b) => b.type === 'chart' && b.id.includes('kolada'));
      expect(comparison?.type === 'chart' && comparison.table.rows.map((r) => r[0])).toEqual([
        'Ale kommun (1440)',
        'Kommun 1401',
      ]);
      for (const text of [pdf, docx]) {
        expect(text.split(KOLADA_SOURCE).length - 1).toBeGreaterThanOrEqual(2);
        expect(text).toContain('83,7');
        expect(text).toContain('85,6');
      }
    }
  });

  it('the workbook lists Kolada values for the municipality and its comparison, each with its source', async () => {
    const s = await loadCycleSnapshot(db.appPool, 'ale', 2027);
    if (!s) throw new Error('no snapshot');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await cycleWorkbook(s, 2027)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Indikatorvärden');
    const header = sheet?.getRow(1).values as unknown[];
    const col = (name: string) => header.indexOf(name);
    const rows: Record<string, unknown>[] = [];
    sheet?.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      rows.push({
        municipality: v[col('Kommun')],
        year: v[col('År')],
        value: v[col('Värde')],
        source: v[col('Källa')],
      });
    });
    const kolada = rows.filter((r) => r.source === KOLADA_SOURCE);
    expect(kolada).toContainEqual({
      municipality: 'Ale kommun',
      year: 2026,
      value: 83.7,
      source: KOLADA_SOURCE,
    });
    expect(kolada).toContainEqual({
      municipality: 'Kommun 1401',
      year: 2026,
      value: 85.6,
      source: KOLADA_SOURCE,
    });
    // The values registered by hand keep their own source.
    expect(rows.some((r) => String(r.source).startsWith('Registrerat'))).toBe(true);
  });

  it('the årsredovisning 2027 shows the balanskravsresultat, the åtgärdsplan and the deficits to restore', async () => {
    const { pdf, docx } = await pdfText('arsredovisning');
    for (const text of [pdf, docx]) {
      expect(text).toContain('Balanskravsutredning 2027');
      expect(text).toContain(flat(`Balanskravsresultatet är negativt, ${kronor(-DEFICIT_2027_ORE)}`));
      expect(text).toContain('återställas senast 2030');
      expect(text).toContain('åtgärdsplan, KF 2028-04-20 § 58');
      expect(text).toContain('Effektivare upphandling');
      expect(text).toContain(
        flat(`Sammanlagt återstår ${kronor(DEFICIT_2026_ORE + DEFICIT_2027_ORE)} att återställa`),
      );
      expect(text).not.toContain('kan därför inte redovisas');
    }
  });

  it('the årsredovisning 2026 gives KF’s synnerliga skäl, and the delårsrapport 2027 the deficit still to restore', async () => {
    const annual = await pdfText('arsredovisning', 2026);
    expect(annual.pdf).toContain(`synnerliga skäl (11 kap. 5 § kommunallagen): ${SPECIAL_REASONS_2026}`);
    expect(annual.pdf).toContain('Vakansprövning i alla förvaltningar');
    const interim = await pdfText('delarsrapport');
    expect(interim.pdf).toContain('Underskott att återställa');
    expect(interim.pdf).toMatch(
      /2026 12 000 000 kr 0 kr 12 000 000 kr 2029 Antagen Kvar att (återställa|\S+)/,
    );
  });

  it('the auditors’ report holds the chain to its signed heads and names deleted newest events in Swedish', async () => {
    const unsigned = await pdfText('revision');
    expect(unsigned.pdf).toContain('Kontrollen godkändes');
    expect(unsigned.pdf).toContain('Inga signerade kedjehuvuden fanns');

    await signChainHeads(db.appPool, ring, ['ale']);
    const signed = await pdfText('revision');
    expect(signed.pdf).toContain('Kedjan hölls mot 1 signerade kedjehuvuden');

    // The newest two events removed, as a database owner could: the chain alone still links up.
    const head = await store.chainHead('ale');
    const client = await db.adminPool.connect();
    try {
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      await client.query('delete from events where chain_id = $1 and chain_position > $2', [
        'ale',
        head.position - 2,
      ]);
      await client.query('commit');
    } finally {
      client.release();
    }
    expect((await store.verify({ chainId: 'ale' })).ok).toBe(true);
    const tampered = await pdfText('revision');
    for (const text of [tampered.pdf, tampered.docx]) {
      expect(text).toContain(`Kontrollen underkändes vid kedjeposition ${head.position - 1}`);
      expect(text).toContain(
        'kedjan slutar före ett signerat kedjehuvud, så de senaste händelserna har tagits bort',
      );
    }
  });
});

/** Ale 2027 generated once in every kind and format: page count, size and time, for the closing note. */
describe('documents for Ale 2027: size, pages and generation time', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('documents_figures');
    const store = new EventStore(db.appPool);
    await appendScenario(store, aleScenario('ale'));
    await appendScenario(store, followUpScenario('ale'));
  });
  afterAll(async () => {
    await closePdfBrowser();
    await db?.drop();
  });

  it('each document renders in every format; the figures are written to reports/documents-ale-2027.json', async () => {
    const rows: { kind: string; format: string; bytes: number; pages: number | null; ms: number }[] = [];
    for (const kind of DOCUMENT_KINDS) {
      for (const format of DOCUMENT_FORMATS) {
        const started = performance.now();
        const s = await loadCycleSnapshot(db.appPool, 'ale', 2027);
        if (!s) throw new Error('no snapshot');
        const doc = await buildDocument(s, {
          kind,
          budgetYear: 2027,
          organId: kind === 'verksamhetsplan' ? 'bun' : undefined,
          verify: () => verifyMunicipalityChain(db.appPool, new EventStore(db.appPool), 'ale', null),
        });
        const body = await renderDocument(doc, format);
        const ms = Math.round(performance.now() - started);
        let pages: number | null = null;
        if (format === 'pdf') {
          const pdf = await pdfReadBack(`figures-${kind}.pdf`, body);
          pages = Number(/Pages:\s+(\d+)/.exec(pdf.info)?.[1]);
          expect(pages).toBeGreaterThan(0);
        }
        expect(body.length).toBeGreaterThan(1000);
        rows.push({ kind, format, bytes: body.length, pages, ms });
      }
    }
    await run('mkdir', ['-p', 'reports']);
    await writeFile('reports/documents-ale-2027.json', `${JSON.stringify(rows, null, 2)}\n`);
    console.table(rows);
  });
});
