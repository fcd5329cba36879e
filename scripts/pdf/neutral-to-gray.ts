/**
 * Chromium paints every colour in DeviceRGB, black text included. Converted to CMYK through an ICC
 * profile, RGB black becomes a four-colour rich black (C70 M67 Y66 K78 at 10.5 pt): a registration risk
 * on small type, and screened on a one-colour press. Neutral RGB colours (r = g = b) are greys by
 * intent, so they are rewritten as DeviceGray, which Ghostscript maps to the black plate alone.
 */
import type { PDFDocument } from 'pdf-lib';
import { numbers, parseContentStream } from './content-stream.ts';
import { rewriteContentStreams } from './pdf-streams.ts';

/** Channels closer than this (a quarter of an 8-bit step) count as equal. */
const NEUTRAL = 0.5 / 255;

const short = (v: number) => String(Math.round(v * 10000) / 10000);

/** The content stream with `r g b rg|RG` of equal channels written as `v g|G`; undefined when nothing changed. */
export function neutralRgbToGray(bytes: Uint8Array): Uint8Array | undefined {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const op of parseContentStream(bytes)) {
    if (op.operator !== 'rg' && op.operator !== 'RG') continue;
    const rgb = numbers(op.operands);
    if (rgb?.length !== 3) continue;
    const [r, g, b] = rgb;
    if (Math.abs(r - g) > NEUTRAL || Math.abs(g - b) > NEUTRAL) continue;
    edits.push({ start: op.start, end: op.end, text: `${short((r + g + b) / 3)} ${op.operator === 'rg' ? 'g' : 'G'}` });
  }
  if (!edits.length) return undefined;
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(Buffer.from(bytes.subarray(at, e.start)), Buffer.from(e.text, 'latin1'));
    at = e.end;
  }
  parts.push(Buffer.from(bytes.subarray(at)));
  return Buffer.concat(parts);
}

/** Rewrites the neutral RGB colours of every content stream in the document; returns the streams changed. */
export function neutralColoursToGray(doc: PDFDocument): number {
  return rewriteContentStreams(doc, neutralRgbToGray);
}
