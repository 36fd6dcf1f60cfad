/** The documents the system writes, their Swedish names, and the formats each comes in. */

export const DOCUMENT_KINDS = [
  'verksamhetsplan',
  'delarsrapport',
  'arsredovisning',
  'tillitsdialoger',
  'revision',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_LABEL_SV: Record<DocumentKind, string> = {
  verksamhetsplan: 'Verksamhetsplan',
  delarsrapport: 'Delårsrapport',
  arsredovisning: 'Årsredovisning',
  tillitsdialoger: 'Redovisning av tillitsdialoger till kommunfullmäktige',
  revision: 'Revisionens granskning av cykeln',
};

export const CONTENT_TYPE: Record<DocumentFormat | 'xlsx' | 'svg', string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  svg: 'image/svg+xml; charset=utf-8',
};

/** The format an Accept header asks for, when no `format` parameter is given (PDF by default). */
export function formatFromAccept(accept: string | undefined): DocumentFormat | null {
  if (!accept || accept.includes('*/*')) return 'pdf';
  for (const format of DOCUMENT_FORMATS) {
    if (accept.includes(CONTENT_TYPE[format].split(';')[0] as string)) return format;
  }
  return null;
}

/** Who reads a document: the auditors' report is the auditors' and process owners' like the audit routes. */
export const isAuditDocument = (kind: DocumentKind): boolean => kind === 'revision';
