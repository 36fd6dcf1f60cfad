/** Reads generated documents back the way a person's tools would: unzip, pdftotext, pdfinfo, pdftoppm. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
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

/** The PDF's pages as PNGs (first `pages`), for a person to look at; returns their paths. */
export async function pdfPages(pdfPath: string, prefix: string, pages = 2): Promise<string[]> {
  const out = join(await workDir(), prefix);
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', String(pages), pdfPath, out]);
  const files = await readdir(await workDir());
  return files.filter((f) => f.startsWith(prefix) && f.endsWith('.png')).map((f) => join(dirname(out), f));
}

const dirname = (p: string) => p.slice(0, p.lastIndexOf('/'));
