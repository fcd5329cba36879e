/**
 * The package document (content.opf): metadata (Dublin Core, dates, subjects, EPUB Accessibility 1.1),
 * the manifest of every file in the zip, and the spine.
 */
import type { Book } from '../load-book.ts';
import { escapeXml } from './front-matter.ts';

export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

export interface Accessibility {
  /** Images other than the cover. */
  images: number;
  footnotes: number;
  /** Whether the book has worksheets (and so a list of them). */
  worksheets: boolean;
  /** Whether axe-core ran over the documents; unchecked, the book claims no conformance. */
  checked: boolean;
  /** What Kindred's checks and axe-core found; empty when the book passed. */
  findings: { rule: string }[];
  /** The print edition's page list (page-break markers and the page-list nav). */
  pageList?: { source: string; pages: number };
}

export const CONFORMANCE = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA';

/** The one title of the book everywhere (dc:title, the NCX, the PDF): the subtitle included. */
export const fullTitle = (book: Pick<Book, 'title' | 'subtitle'>): string => (book.subtitle ? `${book.title}: ${book.subtitle}` : book.title);

/** `2026-11-24T10:00:00Z`: the form dcterms:modified requires. */
export function modifiedStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "Maya Ellison" → "Ellison, Maya", for file-as sorting. */
function fileAs(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length < 2 ? name : `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}`;
}

function accessibilityMeta(book: Book, a11y: Accessibility): string[] {
  const meta = (property: string, value: string, extra = '') => `<meta property="${property}"${extra}>${escapeXml(value)}</meta>`;
  const failed = new Set(a11y.findings.map((f) => f.rule));
  const conforms = a11y.checked && failed.size === 0;
  const headingsOk = !failed.has('heading-order') && !failed.has('page-has-heading-one') && !failed.has('empty-heading');
  const altOk = !failed.has('image-alt');
  const features = ['tableOfContents', 'readingOrder', 'displayTransformability'];
  if (headingsOk) features.unshift('structuralNavigation');
  if (a11y.images > 0 && altOk) features.push('alternativeText');
  if (a11y.pageList) features.push('pageBreakMarkers', 'pageNavigation', 'printPageNumbers');
  const summary = [
    `Reflowable text with a navigable table of contents${a11y.worksheets ? ' and a list of worksheets' : ''}`,
    headingsOk ? 'headings mark the structure in order' : 'some heading levels are skipped',
    'the reading order follows the print edition',
    ...(a11y.pageList ? [`page-break markers and a page list give the page numbers of the print edition (${a11y.pageList.source})`] : []),
    ...(a11y.footnotes ? ['notes link to the text and back'] : []),
    ...(a11y.images ? [altOk ? 'every image has a text description' : 'some images have no text description'] : []),
  ].join('; ');
  const verdict = conforms
    ? 'Checked with axe-core and Kindred\'s own checks at build time, with no violations found.'
    : a11y.checked
      ? `Checks at build time found problems (${[...failed].sort().join(', ')}), so no WCAG conformance is claimed.`
      : 'No automated accessibility check ran for this build, so no WCAG conformance is claimed.';
  return [
    meta('schema:accessMode', 'textual'),
    ...(a11y.images ? [meta('schema:accessMode', 'visual')] : []),
    meta('schema:accessModeSufficient', a11y.images && !altOk ? 'textual,visual' : 'textual'),
    ...features.map((f) => meta('schema:accessibilityFeature', f)),
    meta('schema:accessibilityHazard', 'none'),
    meta('schema:accessibilitySummary', `${summary}.${a11y.worksheets ? ' The worksheets are described in text; their write-in space is only in the print edition.' : ''} ${verdict}`),
    // The print edition the page numbers come from. EPUB 3.3's a11y:pageBreakSource is unknown to
    // epubcheck 4.2.6, so EPUB 3.2's dc:source refined as the source of the pagination is used.
    ...(a11y.pageList ? [`<dc:source id="page-source">${escapeXml(a11y.pageList.source)}</dc:source>`, `<meta refines="#page-source" property="source-of">pagination</meta>`] : []),
    ...(conforms
      ? [meta('dcterms:conformsTo', CONFORMANCE, ' id="conformance"'), meta('a11y:certifiedBy', book.publisher ?? book.author, ' refines="#conformance"')]
      : []),
  ];
}

/**
 * The unique identifier is the book's own `identifier` (stable across editions and formats); an ISBN
 * is added as a second dc:identifier, since a print ISBN must not identify the EPUB.
 */
export function packageDocument(options: {
  book: Book;
  modified: Date;
  manifest: ManifestItem[];
  spine: { idref: string; linear?: boolean }[];
  coverImageId?: string;
  a11y: Accessibility;
  rights: string;
}): string {
  const { book, modified, manifest, spine, coverImageId, a11y, rights } = options;
  const lines = [
    `<dc:identifier id="book-id">${escapeXml(book.identifier)}</dc:identifier>`,
    ...(book.isbn
      ? [`<dc:identifier id="isbn">urn:isbn:${escapeXml(book.isbn.replace(/[-\s]/g, ''))}</dc:identifier>`, `<meta refines="#isbn" property="identifier-type" scheme="onix:codelist5">15</meta>`]
      : []),
    // One title, subtitle included (as in the PDF): readers that meet two dc:title show either one.
    `<dc:title id="title">${escapeXml(fullTitle(book))}</dc:title>`,
    `<dc:creator id="creator">${escapeXml(book.author)}</dc:creator>`,
    `<meta refines="#creator" property="role" scheme="marc:relators">aut</meta>`,
    `<meta refines="#creator" property="file-as">${escapeXml(fileAs(book.author))}</meta>`,
    `<dc:language>${escapeXml(book.language)}</dc:language>`,
    `<dc:description>${escapeXml(book.description)}</dc:description>`,
    ...book.keywords.map((k) => `<dc:subject>${escapeXml(k)}</dc:subject>`),
    ...(book.publisher ? [`<dc:publisher>${escapeXml(book.publisher)}</dc:publisher>`] : []),
    `<dc:date>${escapeXml(book.date ?? modified.toISOString().slice(0, 10))}</dc:date>`,
    `<dc:rights>${escapeXml(rights)}</dc:rights>`,
    `<meta property="dcterms:modified">${modifiedStamp(modified)}</meta>`,
    ...accessibilityMeta(book, a11y),
    // EPUB 2 readers (and Kindle) find the cover through this legacy meta.
    ...(coverImageId ? [`<meta name="cover" content="${coverImageId}"/>`] : []),
    `<meta property="ibooks:specified-fonts">true</meta>`,
  ];
  const items = manifest.map((m) => `<item id="${m.id}" href="${escapeXml(m.href)}" media-type="${m.mediaType}"${m.properties ? ` properties="${m.properties}"` : ''}/>`);
  const refs = spine.map((s) => `<itemref idref="${s.idref}"${s.linear === false ? ' linear="no"' : ''}/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeXml(book.language)}"
         prefix="ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    ${lines.join('\n    ')}
  </metadata>
  <manifest>
    ${items.join('\n    ')}
  </manifest>
  <spine toc="${manifest.find((m) => m.mediaType === 'application/x-dtbncx+xml')?.id ?? 'ncx'}">
    ${refs.join('\n    ')}
  </spine>
</package>
`;
}
