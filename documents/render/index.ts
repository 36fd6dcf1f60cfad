import type { DocumentFormat } from '../kinds';
import type { DocumentModel } from '../model';
import { renderDocx } from './docx';
import { renderHtml } from './html';
import { htmlToPdf } from './pdf';

/** A document model in one of its formats. */
export async function renderDocument(doc: DocumentModel, format: DocumentFormat): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'pdf':
      return htmlToPdf(renderHtml(doc), doc.title);
    case 'docx':
      return renderDocx(doc);
  }
}
