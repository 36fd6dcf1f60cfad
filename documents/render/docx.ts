/** Word (docx): the document model with real heading styles, header rows, and charts as images with alt text. */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, DocumentModel, Table as TableBlock } from '../model';
import { svgToPng } from './png';

const LEVEL = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
/** Printable width of an A4 page with 2.5 cm margins, in pixels at 96 dpi. */
const MAX_IMAGE_WIDTH = 600;

function cell(text: string, options: { header?: boolean; numeric?: boolean }): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: options.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: options.header })],
      }),
    ],
    shading: options.header ? { type: ShadingType.CLEAR, fill: 'E8EEF5', color: 'auto' } : undefined,
  });
}

function tableOf(t: TableBlock): (Paragraph | Table)[] {
  const numeric = new Set(t.numeric ?? []);
  return [
    new Paragraph({ style: 'Caption', children: [new TextRun(t.caption)] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        // The header row repeats on every page and is marked as the table's header for screen readers.
        new TableRow({
          tableHeader: true,
          children: t.columns.map((c, i) => cell(c, { header: true, numeric: numeric.has(i) })),
        }),
        ...t.rows.map(
          (row) => new TableRow({ children: row.map((c, i) => cell(c, { numeric: numeric.has(i) })) }),
        ),
      ],
    }),
    ...sourceOf(t.source),
    new Paragraph(''),
  ];
}

/** `Källa: …` under a chart or table, in the caption style. */
function sourceOf(source: string | undefined): Paragraph[] {
  return source
    ? [new Paragraph({ style: 'Caption', children: [new TextRun({ text: source, italics: true })] })]
    : [];
}

function blockOf(b: Block): (Paragraph | Table)[] {
  switch (b.type) {
    case 'heading':
      return [new Paragraph({ heading: LEVEL[b.level], children: [new TextRun(b.text)] })];
    case 'paragraph':
      return [new Paragraph(b.text)];
    case 'missing':
      return [
        new Paragraph({
          children: [new TextRun({ text: 'Ej registrerat: ', bold: true }), new TextRun(b.text)],
          shading: { type: ShadingType.CLEAR, fill: 'FFF8E1', color: 'auto' },
        }),
      ];
    case 'list':
      return b.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } }));
    case 'table':
      return tableOf(b);
    case 'chart': {
      const { png, width, height } = svgToPng(b.svg);
      const scale = Math.min(1, MAX_IMAGE_WIDTH / width);
      return [
        new Paragraph({
          children: [
            new ImageRun({
              type: 'png',
              data: png,
              transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
              altText: { name: b.id, title: b.title, description: b.alt },
            }),
          ],
        }),
        new Paragraph({ style: 'Caption', children: [new TextRun(`${b.title}. ${b.alt}`)] }),
        ...sourceOf(b.source),
        ...tableOf(b.table),
      ];
    }
  }
}

export async function renderDocx(doc: DocumentModel): Promise<Buffer> {
  const body = doc.blocks.filter((b) => !(b.type === 'heading' && b.level === 1));
  const document = new Document({
    title: doc.title,
    subject: doc.subtitle,
    creator: 'Årshjulet',
    language: 'sv-SE',
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 22, language: { value: 'sv-SE' } } },
        heading1: { run: { color: '0B4F8A', size: 40, bold: true } },
        heading2: {
          run: { color: '0B4F8A', size: 30, bold: true },
          paragraph: { spacing: { before: 320, after: 120 } },
        },
        heading3: { run: { size: 24, bold: true }, paragraph: { spacing: { before: 240, after: 80 } } },
      },
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(doc.title)] }),
          new Paragraph({ children: [new TextRun({ text: doc.subtitle, color: '4A5360' })] }),
          ...body.flatMap(blockOf),
        ],
      },
    ],
  } as ConstructorParameters<typeof Document>[0]);
  return Packer.toBuffer(document);
}
