/** Reads generated documents back the way a person's tools would: unzip, pdftotext, pdfinfo, pdftoppm. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensurePoppler } from '../../services/poppler';

const run = promisify(execFile);

let dir: Promise<string> | undefined;
const workDir = () => {
  dir ??= mkdtemp(join(tmpdir(), 'arshjul-docs-'));
  return dir;
};

async function saved(name: string, body: Buffer): Promise<string> {
  const path = join(await workDir(), name);
  await writeFile(path, body);
  return path;
}

/** The text of word/document.xml, and the heading texts by their Heading styles. */
export async function docxText(name: string, body: Buffer): Promise<{ text: string; headings: string[] }> {
  const path = await saved(name, body);
  const { stdout: xml } = await run('unzip', ['-p', path, 'word/document.xml'], { maxBuffer: 64 << 20 });
  const paragraphs = xml.split('</w:p>');
  const textOf = (p: string) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const headings = paragraphs.filter((p) => /w:pStyle w:val="(Heading\d|Title)"/.test(p)).map(textOf);
  return { text: paragraphs.map(textOf).join('\n'), headings };
}

export interface PdfReadBack {
  text: string;
  info: string;
  path: string;
}

/** pdftotext and pdfinfo over a PDF (poppler-utils installed first, idempotently). */
export async function pdfReadBack(name: string, body: Buffer): Promise<PdfReadBack> {
  await ensurePoppler();
  const path = await saved(name, body);
  const { stdout: text } = await run('pdftotext', ['-layout', path, '-'], { maxBuffer: 64 << 20 });
  const { stdout: info } = await run('pdfinfo', [path]);
  return { text, info, path };
}

/** The PDF's outline (bookmarks) titles, as pdftohtml -xml lists them. */
export async function pdfOutline(pdfPath: string): Promise<string[]> {
  const { stdout } = await run('pdftohtml', ['-xml', '-i', '-stdout', '-q', pdfPath], {
    maxBuffer: 64 << 20,
  });
  const outline = stdout.slice(stdout.indexOf('<outline>'), stdout.lastIndexOf('</outline>'));
  return [...outline.matchAll(/<item[^>]*>([^<]*)<\/item>/g)].map((m) => decodeXml(m[1] ?? ''));
}

/** The PDF's tag structure (pdfinfo -struct-text): one line per element, indented by depth. */
export async function pdfStructure(pdfPath: string): Promise<string> {
  const { stdout } = await run('pdfinfo', ['-struct-text', pdfPath], { maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * The /Alt entries of the PDF's structure elements (Chromium writes them uncompressed, as UTF-16BE hex
 * or literal strings); poppler's tools do not print them.
 */
export async function pdfAltTexts(pdfPath: string): Promise<string[]> {
  const raw = (await readFile(pdfPath)).toString('latin1');
  return [...raw.matchAll(/\/Alt\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))/g)].map((m) =>
    pdfString(m[1] ?? ''),
  );
}

function pdfString(token: string): string {
  if (token.startsWith('<')) {
    const bytes = Buffer.from(token.slice(1, -1).replace(/\s+/g, ''), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return token.slice(1, -1).replace(/\\([()\\])/g, '$1');
}

const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The alt texts (descr) of the pictures in a docx's word/document.xml. */
export async function docxAltTexts(name: string, body: Buffer): Promise<string[]> {
  const path = await saved(name, body);
  const { stdout: xml } = await run('unzip', ['-p', path, 'word/document.xml'], { maxBuffer: 64 << 20 });
  return [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => decodeXml(m[1] ?? ''));
}

/** The PDF's pages as PNGs (first `pages`), for a person to look at; returns their paths. */
export async function pdfPages(pdfPath: string, prefix: string, pages = 2, dpi = 60): Promise<string[]> {
  const out = join(await workDir(), prefix);
  await run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', String(pages), pdfPath, out]);
  const files = await readdir(await workDir());
  return files.filter((f) => f.startsWith(prefix) && f.endsWith('.png')).map((f) => join(dirname(out), f));
}

const dirname = (p: string) => p.slice(0, p.lastIndexOf('/'));
