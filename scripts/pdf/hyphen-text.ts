/**
 * The text layer at hyphenation breaks. Where a line breaks at a soft hyphen, Chromium's PDF carries two
 * marked spans: an invisible glyph with ActualText U+00AD, then the hyphen it draws with ActualText
 * U+2010, so extraction reads "physi\u00AD\u2010 / cal": a soft hyphen inside the line and a hyphen no
 * reader joins across the break. Rewritten here, the invisible glyph is not shown at all (no text, no
 * ink: it has no width) and the drawn hyphen reads as the hyphen-minus that pdftotext, pdf.js and search
 * rejoin at a line end ("physi-" + "cal" = "physical"). A soft hyphen at which no line breaks (the page
 * removes those before printing, see compose-page.ts) loses its glyph the same way.
 */
import type { PDFDocument } from 'pdf-lib';
import { rewriteContentStreams } from './pdf-streams.ts';

const span = (hex: string) => String.raw`/Span\s*<<\s*/ActualText\s*<${hex}>\s*>>\s*BDC`;
/** A soft hyphen's span, then (when a line breaks there) the text operators up to the drawn hyphen's span. */
const SOFT_HYPHEN = new RegExp(String.raw`${span('(?:feff)?00ad')}([\s\S]*?)EMC((?:\s*(?:ET|BT)\b)*\s*)(${span('(?:feff)?2010')})?`, 'gi');
/** Operators that show text: removed from the soft hyphen's span (positioning and state operators stay). */
const SHOW = /(?:<[0-9a-f\s]*>|\((?:\\.|[^\\)])*\))\s*(?:Tj|'|")|\[[^\]]*\]\s*TJ/gi;

/** The content stream with its soft-hyphen spans rewritten; undefined when it has none. */
export function hyphenTextLayer(bytes: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  if (!/ActualText\s*<(?:feff)?00ad>/i.test(text)) return undefined;
  const out = text.replace(SOFT_HYPHEN, (_, inner: string, between: string, hyphen: string | undefined) => `${inner.replace(SHOW, '')}${between}${hyphen ? '/Span<</ActualText <feff002d> >> BDC' : ''}`);
  return Buffer.from(out, 'latin1');
}

/** Rewrites every content stream of the document that shows a soft hyphen; returns the streams changed. */
export function cleanHyphenText(doc: PDFDocument): number {
  return rewriteContentStreams(doc, hyphenTextLayer);
}
