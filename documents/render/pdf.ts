/**
 * Accessible PDF: Debian's Chromium (playwright-core) prints our HTML template as a tagged PDF with an
 * outline from the headings. One browser is shared and started on first use.
 */
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../services/chromium';

let browser: Promise<Browser> | undefined;

function sharedBrowser(): Promise<Browser> {
  browser ??= (async () => {
    const executablePath = await ensureChromium();
    // Loaded on first use: playwright-core costs every process that imports the API ~0.25 s at start.
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, '--lang=sv-SE'],
    });
    b.on('disconnected', () => {
      browser = undefined;
    });
    return b;
  })().catch((error: unknown) => {
    browser = undefined;
    throw error;
  });
  return browser;
}

/** The page number in the footer, so a printed copy can be cited by page. */
const FOOTER = `<div style="font-size:8pt;width:100%;text-align:center;color:#4a5360;font-family:'DejaVu Sans',sans-serif">
Sida <span class="pageNumber"></span> av <span class="totalPages"></span></div>`;

export async function htmlToPdf(html: string, title: string): Promise<Buffer> {
  const context = await (await sharedBrowser()).newContext({ locale: 'sv-SE' });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:7pt;width:100%;padding:0 20mm;color:#4a5360;font-family:'DejaVu Sans',sans-serif">${title.replace(/</g, '&lt;')}</div>`,
      footerTemplate: FOOTER,
      margin: { top: '22mm', bottom: '22mm', left: '20mm', right: '20mm' },
    });
    return pdf;
  } finally {
    await context.close();
  }
}

/** Closes the shared browser (tests and shutdown). */
export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close().catch(() => {});
}
