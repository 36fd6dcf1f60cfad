/**
 * A document as structure, written once by a builder and rendered alike to HTML (and so PDF) and to
 * Word: headings, paragraphs, tables with header cells, charts with a text alternative, and notes
 * saying where a datum is not recorded.
 */

export interface Heading {
  type: 'heading';
  /** 1 is the document's title; sections start at 2. */
  level: 1 | 2 | 3;
  text: string;
}

export interface Paragraph {
  type: 'paragraph';
  text: string;
}

/** A list of short items (agreements, proposals). */
export interface BulletList {
  type: 'list';
  items: string[];
}

export interface Table {
  type: 'table';
  caption: string;
  /** Column headers (th scope="col"); the first cell of each row is its row header (th scope="row"). */
  columns: string[];
  rows: string[][];
  /** Columns holding numbers, right-aligned. */
  numeric?: number[];
  /** Where the figures come from, shown under the table (e.g. `Källa: Kolada (N00945, hämtat …)`). */
  source?: string;
}

export interface Chart {
  type: 'chart';
  id: string;
  title: string;
  /** The chart as SVG, rendered on the server. */
  svg: string;
  /** A short text alternative (alt text) saying what the chart shows. */
  alt: string;
  /** The chart's data as a table, for readers who cannot see it. */
  table: Table;
  /** Where the figures come from, shown under the chart. */
  source?: string;
}

/** A datum the events do not hold: said so in the document rather than invented. */
export interface MissingNote {
  type: 'missing';
  text: string;
}

export type Block = Heading | Paragraph | BulletList | Table | Chart | MissingNote;

export interface DocumentModel {
  /** The file name without extension, e.g. `ale-2027-arsredovisning`. */
  fileName: string;
  title: string;
  /** Under the title: the municipality and the date the document was generated as of. */
  subtitle: string;
  blocks: Block[];
}

export const heading = (level: Heading['level'], text: string): Heading => ({ type: 'heading', level, text });
export const paragraph = (text: string): Paragraph => ({ type: 'paragraph', text });
export const list = (items: string[]): BulletList => ({ type: 'list', items });
export const missing = (text: string): MissingNote => ({ type: 'missing', text });
export const table = (
  caption: string,
  columns: string[],
  rows: string[][],
  numeric: number[] = [],
): Table => ({
  type: 'table',
  caption,
  columns,
  rows,
  numeric,
});
