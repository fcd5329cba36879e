/** Document information and catalog language from book.yaml; dates from SOURCE_DATE_EPOCH when set (reproducible builds). */
import { type PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Book } from '../load-book.ts';
import { buildDate } from '../imprint.ts';


export function setMetadata(doc: PDFDocument, book: Book): void {
  const date = buildDate();
  doc.setTitle(book.subtitle ? `${book.title}: ${book.subtitle}` : book.title, { showInWindowTitleBar: true });
  doc.setAuthor(book.author);
  doc.setSubject(book.description);
  doc.setKeywords([book.keywords.join(', ')]);
  doc.setCreator('Kindred');
  doc.setProducer('Kindred (Chromium, pdf-lib)');
  doc.setLanguage(book.language);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(book.language));
}
