import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { loadPdfjs } from './support/pdfjs.ts';

describe('pdfjs loader', () => {
  it('leaves the native Array.prototype.push in place once pdfjs and its worker have read a PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]).drawText('push', { x: 20, y: 100 });
    const { getDocument } = await loadPdfjs();
    const pdf = await getDocument({ data: await doc.save(), verbosity: 0 }).promise;
    const text = await (await pdf.getPage(1)).getTextContent();
    await pdf.destroy();
    expect(text.items.map((i) => ('str' in i ? i.str : '')).join('')).toBe('push');
    // core-js's replacement is a JavaScript function; V8's own prints as native code.
    expect(Function.prototype.toString.call(Array.prototype.push)).toContain('[native code]');
  });
});
