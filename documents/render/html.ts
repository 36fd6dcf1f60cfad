/** The HTML template we own: one document model as a standalone Swedish page (and, printed, the PDF). */
import type { Block, DocumentModel, Table } from '../model';

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
@page { size: A4; margin: 22mm 20mm 24mm 22mm; }
html { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #1b1f24; line-height: 1.45; }
body { margin: 0 auto; max-width: 170mm; }
header.title-page { border-bottom: 3px solid #0b4f8a; margin-bottom: 1.5em; padding-bottom: 0.6em; }
h1 { font-size: 22pt; color: #0b4f8a; margin: 0 0 0.2em; }
.subtitle { color: #4a5360; margin: 0; }
h2 { font-size: 14pt; color: #0b4f8a; margin: 1.6em 0 0.4em; break-after: avoid; border-bottom: 1px solid #c9d3de; }
h3 { font-size: 11.5pt; margin: 1.2em 0 0.3em; break-after: avoid; }
p { margin: 0.35em 0 0.6em; }
p.missing { background: #fff8e1; border-left: 4px solid #d4a72c; padding: 0.35em 0.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 9.5pt; break-inside: auto; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #c9d3de; padding: 0.25em 0.45em; vertical-align: top; text-align: left; }
thead th { background: #e8eef5; }
tbody th { font-weight: normal; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
figure { margin: 1em 0; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #4a5360; }
p.source { font-size: 9pt; color: #4a5360; font-style: italic; margin-top: -0.6em; }
details { margin-bottom: 1em; }
nav.toc ol { padding-left: 2em; }
`;

function tableHtml(t: Table): string {
  const numeric = new Set(t.numeric ?? []);
  const cls = (i: number) => (numeric.has(i) ? ' class="num"' : '');
  const head = t.columns.map((c, i) => `<th scope="col"${cls(i)}>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, i) =>
            i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td${cls(i)}>${escapeHtml(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  const source = t.source ? `\n<p class="source">${escapeHtml(t.source)}</p>` : '';
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${source}`;
}

function blockHtml(b: Block, index: number): string {
  switch (b.type) {
    case 'heading':
      return b.level === 1 ? '' : `<h${b.level} id="s${index}">${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'missing':
      return `<p class="missing"><strong>Ej registrerat:</strong> ${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table':
      return tableHtml(b);
    case 'chart': {
      const src = `data:image/svg+xml;base64,${Buffer.from(b.svg).toString('base64')}`;
      return `<figure id="${escapeHtml(b.id)}"><img src="${src}" alt="${escapeHtml(`${b.title}. ${b.alt}`)}"><figcaption>${escapeHtml(b.title)}. ${escapeHtml(b.alt)}${b.source ? `<br>${escapeHtml(b.source)}` : ''}</figcaption></figure>\n${tableHtml(b.table)}`;
    }
  }
}

/** A table of contents of the level-2 headings (linked, so the PDF's outline and links agree). */
function toc(doc: DocumentModel): string {
  const items = doc.blocks
    .map((b, i) =>
      b.type === 'heading' && b.level === 2 ? `<li><a href="#s${i}">${escapeHtml(b.text)}</a></li>` : '',
    )
    .join('');
  return `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Innehåll</h2><ol>${items}</ol></nav>`;
}

export function renderHtml(doc: DocumentModel): string {
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style>
</head>
<body>
<header class="title-page"><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p></header>
${toc(doc)}
<main>
${doc.blocks.map(blockHtml).join('\n')}
</main>
</body>
</html>
`;
}
