/**
 * ToUnicode CMaps (ISO 32000-1 §9.10.3) read into a code → text map and written back as plain `bfchar`
 * blocks of at most 100 entries: how the text layer of a PDF/X file is repaired after Ghostscript.
 */
import { PDFDict, type PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { replaceStream, streamBytes } from './pdf-streams.ts';

const BLOCK = 100;

/** Adds n to the last UTF-16 code unit of a hex string (how bfrange destinations advance). */
function advance(hex: string, n: number): string {
  const head = hex.slice(0, -4);
  const last = Number.parseInt(hex.slice(-4), 16) + n;
  return head + last.toString(16).toUpperCase().padStart(4, '0');
}

const hexes = (text: string) => [...text.matchAll(/<([0-9A-Fa-f\s]*)>|\[([^\]]*)\]/g)];

/** Source code → Unicode (UTF-16BE hex) for every entry of a CMap, ranges expanded. */
export function parseToUnicode(cmap: string): { codespace: string[]; map: Map<string, string> } {
  const map = new Map<string, string>();
  const codespace = [...cmap.matchAll(/begincodespacerange([\s\S]*?)endcodespacerange/g)].flatMap((m) => m[1].trim().split(/\n/).map((l) => l.trim()).filter(Boolean));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    const values = hexes(block[1]).map((m) => (m[1] ?? '').replace(/\s+/g, '').toUpperCase());
    for (let i = 0; i + 1 < values.length; i += 2) map.set(values[i], values[i + 1]);
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const items = hexes(block[1]);
    for (let i = 0; i + 2 < items.length; i += 3) {
      const lo = (items[i][1] ?? '').replace(/\s+/g, '').toUpperCase();
      const hi = (items[i + 1][1] ?? '').replace(/\s+/g, '').toUpperCase();
      const from = Number.parseInt(lo, 16);
      const to = Number.parseInt(hi, 16);
      if (!(to >= from) || to - from > 0xffff) continue;
      const dst = items[i + 2];
      const list = dst[2] !== undefined ? [...dst[2].matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((m) => m[1].replace(/\s+/g, '').toUpperCase()) : undefined;
      const base = (dst[1] ?? '').replace(/\s+/g, '').toUpperCase();
      for (let code = from; code <= to; code++) {
        const src = code.toString(16).toUpperCase().padStart(lo.length, '0');
        const value = list ? list[code - from] : advance(base, code - from);
        if (value) map.set(src, value);
      }
    }
  }
  return { codespace, map };
}

/** The same mapping written as bfchar blocks only. */
export function writeToUnicode(codespace: string[], map: Map<string, string>): string {
  const entries = [...map].sort(([a], [b]) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0));
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += BLOCK) {
    const part = entries.slice(i, i + BLOCK);
    blocks.push(`${part.length} beginbfchar\n${part.map(([s, d]) => `<${s}> <${d}>`).join('\n')}\nendbfchar`);
  }
  const spaces = codespace.length ? codespace : ['<0000> <FFFF>'];
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    `${spaces.length} begincodespacerange`,
    ...spaces,
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
    '',
  ].join('\n');
}

const baseName = (font: PDFDict) => font.get(PDFName.of('BaseFont'))?.toString().replace(/^\/([A-Z]{6}\+)?/, '') ?? '';

/** Every font's ToUnicode map, merged by font name without its subset prefix (codes are glyph ids: Identity-H). */
export function toUnicodeMaps(doc: PDFDocument): Map<string, Map<string, string>> {
  const maps = new Map<string, Map<string, string>>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || !object.has(PDFName.of('ToUnicode'))) continue;
    const bytes = streamBytes(doc.context.lookup(object.get(PDFName.of('ToUnicode'))));
    if (!bytes) continue;
    const merged = maps.get(baseName(object)) ?? new Map<string, string>();
    for (const [code, text] of parseToUnicode(Buffer.from(bytes).toString('latin1')).map) if (!merged.has(code)) merged.set(code, text);
    maps.set(baseName(object), merged);
  }
  return maps;
}

/**
 * Puts the source's Unicode values back into the converted file's ToUnicode maps (same font, same code).
 * Ghostscript 10.0x garbles them: bfrange destinations (`<00B3> <00B4> <2013>` becomes `<0033>`, so "–"
 * extracts as "3" and “ ” as "<" "=") and ligatures (`<00660069>` comes out byte-swapped as `<66006900>`,
 * "fi" as "昀椀"). It also drops the ActualText spans in which Chromium says that the apostrophe glyph it
 * maps to U+02BC is U+2019; a book sets ’, so that glyph maps to U+2019.
 */
export function restoreToUnicode(doc: PDFDocument, source: Map<string, Map<string, string>>): number {
  let fixed = 0;
  const done = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font') || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const ref = object.get(PDFName.of('ToUnicode'));
    if (ref instanceof PDFRef && done.has(ref.tag)) continue;
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    const bytes = streamBytes(stream);
    const known = source.get(baseName(object));
    // Ghostscript writes no map at all for some fonts whose source had one (pdf-lib's running heads).
    if (!bytes && !known) continue;
    const { codespace, map } = parseToUnicode(bytes ? Buffer.from(bytes).toString('latin1') : '');
    for (const [code, text] of known ?? []) map.set(code, text);
    for (const [code, text] of map) if (text === '02BC') map.set(code, '2019');
    const cmap = Buffer.from(writeToUnicode(codespace, map), 'latin1');
    if (ref instanceof PDFRef && stream instanceof PDFRawStream) {
      replaceStream(doc, ref, stream, cmap);
      done.add(ref.tag);
    } else {
      object.set(PDFName.of('ToUnicode'), doc.context.register(doc.context.flateStream(cmap)));
    }
    fixed++;
  }
  return fixed;
}
