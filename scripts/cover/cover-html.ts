/** The cover as HTML: templates/cover.hbs with the book's words, css/cover.css and the geometry as CSS variables. */
import { readCss } from '../pdf/print-css.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Book } from '../load-book.ts';
import type { TemplateSet } from '../render-template.ts';
import { KindredError } from '../errors.ts';
import { bookFonts, fontFaceCss } from '../fonts.ts';
import { loadLabels } from '../labels.ts';
import { SPINE_FOLD_SAFETY_IN, type CoverGeometry } from './cover-geometry.ts';

/** Where the ISBN barcode goes on the back (KDP prints one there when the cover has none). */
export const BARCODE_IN = { width: 2, height: 1.2, fromSpine: 0.375, fromBottom: 0.375 };

export type CoverLayout = { kind: 'wrap'; geometry: CoverGeometry } | { kind: 'front'; widthPx: number; heightPx: number };

/** Typographer's quotes and apostrophes for text set large: ' and " as ‘ ’ “ ”. */
export function typographic(text: string): string {
  return text
    .replace(/(^|[\s([{\u2014\u2013-])'/g, '$1\u2018')
    .replace(/'/g, '\u2019')
    .replace(/(^|[\s([{\u2014\u2013-])"/g, '$1\u201c')
    .replace(/"/g, '\u201d');
}

/** Back-cover text as paragraphs; the first sentence becomes the display lede when a paragraph follows it. */
export function backCoverText(text = ''): { lede?: string; paragraphs: string[] } {
  const paragraphs = typographic(text).split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (!paragraphs.length) return { paragraphs };
  const m = /^(.+?[.!?…])\s+(\S.*)$/s.exec(paragraphs[0]);
  if (!m) return { paragraphs };
  return { lede: m[1], paragraphs: [m[2], ...paragraphs.slice(1)] };
}

/** A cover image from book.yaml as a file URL (load-book has checked that it exists). */
const imageUrl = (book: Book, file: string | undefined) => (file ? pathToFileURL(resolve(book.manuscriptDir, file)).href : undefined);

const inch = (n: number) => `${Math.round(n * 10000) / 10000}in`;

function layoutCss(layout: CoverLayout): string {
  if (layout.kind === 'front') {
    return `@page { size: ${layout.widthPx}px ${layout.heightPx}px; margin: 0; }\n:root { --sheet-width: ${layout.widthPx}px; --sheet-height: ${layout.heightPx}px; }`;
  }
  const g = layout.geometry;
  return [
    `@page { size: ${inch(g.widthIn)} ${inch(g.heightIn)}; margin: 0; }`,
    `:root { --sheet-width: ${inch(g.widthIn)}; --sheet-height: ${inch(g.heightIn)}; --bleed: ${inch(g.bleedIn)};`,
    `  --trim-width: ${inch(g.trimWidthIn)}; --trim-height: ${inch(g.trimHeightIn)}; --spine-width: ${inch(g.spineIn)};`,
    `  --back-x: ${inch(g.back.xIn)}; --spine-x: ${inch(g.spine.xIn)}; --front-x: ${inch(g.front.xIn)};`,
    `  --spine-font-size: ${g.spineFontPt}pt; --spine-safety: ${inch(SPINE_FOLD_SAFETY_IN)};`,
    `  --barcode-width: ${inch(BARCODE_IN.width)}; --barcode-height: ${inch(BARCODE_IN.height)};`,
    `  --barcode-from-spine: ${inch(BARCODE_IN.fromSpine)}; --barcode-from-bottom: ${inch(BARCODE_IN.fromBottom)}; }`,
  ].join('\n');
}

/** Renders the cover HTML for the whole wrap or for the front panel alone (the e-book cover). */
export function coverHtml(book: Book, templates: TemplateSet, layout: CoverLayout, warn?: (line: string) => void): string {
  const cssFile = templates.resolve('css/cover.css');
  if (!cssFile) throw new KindredError('template not found: css/cover.css', { hint: `Looked in: ${templates.dirs.join(', ')}` });
  const css = [fontFaceCss(bookFonts(templates)), readCss(templates, ['cover.css'], 'print', warn), layoutCss(layout)].join('\n');
  return templates.render('cover.hbs', {
    css,
    book,
    labels: loadLabels(templates, book),
    layout: layout.kind,
    frontOnly: layout.kind === 'front',
    spineText: layout.kind === 'wrap' && layout.geometry.spineText,
    text: {
      title: typographic(book.title),
      subtitle: book.subtitle && typographic(book.subtitle),
      author: typographic(book.author),
      imprint: typographic(book.publisher ?? book.author),
      authorBio: book.cover?.authorBio && typographic(book.cover.authorBio),
    },
    images: {
      cover: imageUrl(book, book.cover?.image),
      authorPhoto: imageUrl(book, book.cover?.authorPhoto),
      publisherLogo: imageUrl(book, book.cover?.publisherLogo),
    },
    back: backCoverText(book.backCover),
    barcode: true,
  });
}
