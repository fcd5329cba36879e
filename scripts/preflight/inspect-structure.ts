/**
 * The PDF's object structure read with pdf-lib: page boxes, fonts (inside Form XObjects too),
 * annotations, bookmarks, form fields, JavaScript and encryption.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import type { Box, FontFacts, PageFacts } from './facts.ts';

export interface StructureFacts {
  encrypted: boolean;
  pages: Omit<PageFacts, 'textBox' | 'blank'>[];
  fonts: FontFacts[];
  bookmarks: number;
  formFields: number;
  javascript: string[];
}

const name = (text: string) => PDFName.of(text);

function nameText(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFName ? value.decodeText() : undefined;
}

function box(rect: { x: number; y: number; width: number; height: number }): Box {
  return { x0: rect.x, y0: rect.y, x1: rect.x + rect.width, y1: rect.y + rect.height };
}

function dictOf(doc: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
  const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (resolved instanceof PDFDict) return resolved;
  if (resolved instanceof PDFStream) return resolved.dict;
  return undefined;
}

function fontFacts(doc: PDFDocument, font: PDFDict, firstPage: number): FontFacts {
  const subtype = nameText(font.get(name('Subtype'))) ?? '?';
  const fontName = nameText(font.get(name('BaseFont'))) ?? nameText(font.get(name('Name'))) ?? '(unnamed)';
  let described = font;
  let descendant: string | undefined;
  if (subtype === 'Type0') {
    const kids = doc.context.lookup(font.get(name('DescendantFonts')));
    const cid = kids instanceof PDFArray ? dictOf(doc, kids.get(0)) : undefined;
    if (cid) {
      described = cid;
      descendant = nameText(cid.get(name('Subtype')));
    }
  }
  const descriptor = dictOf(doc, described.get(name('FontDescriptor')));
  // Type 3 glyphs live in the font dict itself; the Type 3 rule judges them, not this one.
  const embedded = subtype === 'Type3' || ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(name(k)));
  return { name: fontName, subtype, descendant, embedded, firstPage };
}

/** Every font dict reachable from a resources dict, through nested Form XObjects. */
function collectFonts(doc: PDFDocument, resources: PDFDict | undefined, page: number, seen: Set<PDFObject>, out: Map<string, FontFacts>): void {
  if (!resources || seen.has(resources)) return;
  seen.add(resources);
  const fonts = dictOf(doc, resources.get(name('Font')));
  for (const [, ref] of fonts?.entries() ?? []) {
    const key = ref instanceof PDFRef ? ref.tag : `direct-${out.size}`;
    const font = dictOf(doc, ref);
    if (font && !out.has(key)) out.set(key, fontFacts(doc, font, page));
  }
  const xobjects = dictOf(doc, resources.get(name('XObject')));
  for (const [, ref] of xobjects?.entries() ?? []) {
    const form = dictOf(doc, ref);
    if (form && nameText(form.get(name('Subtype'))) === 'Form') collectFonts(doc, dictOf(doc, form.get(name('Resources'))), page, seen, out);
  }
}

function countOutline(doc: PDFDocument): number {
  const outlines = dictOf(doc, doc.catalog.get(name('Outlines')));
  let item = dictOf(doc, outlines?.get(name('First')));
  let count = 0;
  const seen = new Set<PDFDict>();
  while (item && !seen.has(item)) {
    seen.add(item);
    count++;
    item = dictOf(doc, item.get(name('Next')));
  }
  return count;
}

function findJavaScript(doc: PDFDocument): string[] {
  const found: string[] = [];
  const names = dictOf(doc, doc.catalog.get(name('Names')));
  if (names?.has(name('JavaScript'))) found.push('Names');
  const open = dictOf(doc, doc.catalog.get(name('OpenAction')));
  if (open && nameText(open.get(name('S'))) === 'JavaScript') found.push('OpenAction');
  if (doc.catalog.has(name('AA'))) found.push('AA');
  return found;
}

/** Reads the structural facts of a loaded PDF. */
export function inspectStructure(doc: PDFDocument): StructureFacts {
  const fonts = new Map<string, FontFacts>();
  const seen = new Set<PDFObject>();
  const pages = doc.getPages().map((page, i) => {
    const node = page.node;
    collectFonts(doc, node.Resources(), i + 1, seen, fonts);
    const annots = node.Annots();
    const annotations = (annots?.asArray() ?? []).map((a) => nameText(dictOf(doc, a)?.get(name('Subtype'))) ?? '?');
    const trimBoxSet = node.get(name('TrimBox')) !== undefined;
    const mediaBox = box(page.getMediaBox());
    return {
      number: i + 1,
      mediaBox,
      trimBox: trimBoxSet ? box(page.getTrimBox()) : mediaBox,
      trimBoxSet,
      bleedBox: node.get(name('BleedBox')) ? box(page.getBleedBox()) : undefined,
      rotate: page.getRotation().angle,
      annotations,
    };
  });
  const acroForm = dictOf(doc, doc.catalog.get(name('AcroForm')));
  const fields = acroForm ? doc.context.lookup(acroForm.get(name('Fields'))) : undefined;
  return {
    encrypted: doc.isEncrypted,
    pages,
    fonts: [...fonts.values()],
    bookmarks: countOutline(doc),
    formFields: fields instanceof PDFArray ? fields.size() : 0,
    javascript: findJavaScript(doc),
  };
}
