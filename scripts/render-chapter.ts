/**
 * Renders a chapter tree for one medium: worksheets filled in, the opener built around the `#` title,
 * and (for print) invisible marker links on headings so the PDF stage can find the page each lands on.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { ChapterTree, RenderedChapter } from './book-model.ts';
import type { TemplateSet } from './render-template.ts';
import { worksheetPlaceholders } from './to-hast.ts';
import { hyphenateTree, type Hyphenator } from './transforms/hyphenate.ts';
import { keepDashesWithWords, tieLastWords } from './transforms/dashes.ts';
import { renderWorksheet } from './worksheets/render-worksheet.ts';
import type { WorksheetInstance } from './worksheets/prepare-worksheets.ts';
import { MEDIA, type Medium } from './media.ts';
import { KindredError } from './errors.ts';

export const MARKER_SCHEME = 'kindred:marker/';

function element(tagName: string, className: string[] | undefined, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties: className ? { className } : {}, children };
}

function fillWorksheets(tree: Root, worksheets: Map<string, WorksheetInstance>, medium: Medium, templates: TemplateSet): void {
  for (const { node, id } of worksheetPlaceholders(tree)) {
    const instance = worksheets.get(id);
    if (!instance) continue;
    const fragment = fromHtml(renderWorksheet(instance, medium, templates), { fragment: true });
    node.tagName = 'div';
    node.properties = { className: ['worksheet-slot'] };
    node.children = fragment.children as ElementContent[];
  }
  if (medium === 'print') moveCutoutsToEnd(tree);
}

/**
 * On paper, material to cut out (a template marks it with the class ws-cutout) goes to the end of its
 * chapter, on leaves of its own: the chapter's text then runs on without it, and cutting it out takes
 * no text with it.
 */
function moveCutoutsToEnd(tree: Root): void {
  const hasCutout = (node: Element) => {
    let found = false;
    visit(node, 'element', (child) => {
      if ((child.properties?.className as string[] | undefined)?.includes('ws-cutout')) found = true;
    });
    return found;
  };
  const cutouts = tree.children.filter((n): n is Element => n.type === 'element' && (n.properties?.className as string[] | undefined)?.includes('worksheet-slot') === true && hasCutout(n));
  if (cutouts.length === 0) return;
  tree.children = [...tree.children.filter((n) => !cutouts.includes(n as Element)), ...cutouts];
}

const TITLE_SLOT = 'kindred-chapter-title';

/** The opener from templates/partials/chapter-opener.hbs, around the chapter's own `#` heading. */
function buildOpener(tree: Root, chapter: ChapterTree, templates: TemplateSet): void {
  const index = tree.children.findIndex((n) => n.type === 'element' && n.tagName === 'h1');
  if (index < 0) return;
  const h1 = tree.children[index] as Element;
  const html = templates.render('partials/chapter-opener.hbs', { label: chapter.label, number: chapter.number, title: `<${TITLE_SLOT}></${TITLE_SLOT}>` });
  const opener = fromHtml(html.trim(), { fragment: true });
  let placed = false;
  visit(opener, 'element', (node, i, parent) => {
    if (node.tagName !== TITLE_SLOT || !parent || i === undefined || placed) return;
    parent.children.splice(i, 1, h1);
    placed = true;
  });
  if (!placed) throw new KindredError('the chapter opener template must print the chapter title once, as {{{title}}}', { file: templates.resolve('partials/chapter-opener.hbs') });
  const nodes = opener.children.filter((n) => n.type !== 'text' || n.value.trim()) as ElementContent[];
  tree.children.splice(index, 1, ...nodes);
}

/** Wraps a heading's content in a marker link; Chromium prints it as a link annotation with the page and box. */
function addMarkers(tree: Root): void {
  visit(tree, 'element', (node, _index, parent) => {
    const id = node.properties?.id;
    const isHeading = /^h[1-3]$/.test(node.tagName) || (node.properties?.className as string[] | undefined)?.includes('worksheet-title');
    if (!isHeading) return;
    const targetId = typeof id === 'string' ? id : undefined;
    const sectionId = targetId ?? worksheetIdOf(parent);
    if (!sectionId) return;
    node.children = [{ type: 'element', tagName: 'a', properties: { className: ['kindred-marker'], href: MARKER_SCHEME + sectionId }, children: node.children }];
  });
}

/**
 * An empty marker at the end of every worksheet (`worksheet-end/ID`, or `worksheet-end/cutout/ID` for
 * material to cut out, which a template marks with the class ws-cutout): with the title's marker it
 * gives the pages the worksheet takes.
 */
function addWorksheetEnds(tree: Root): void {
  visit(tree, 'element', (node) => {
    const id = String(node.properties?.id ?? '');
    if (node.tagName !== 'section' || !id.startsWith('worksheet-')) return;
    let cutout = false;
    visit(node, 'element', (child) => {
      if ((child.properties?.className as string[] | undefined)?.includes('ws-cutout')) cutout = true;
    });
    const href = `${MARKER_SCHEME}worksheet-end/${cutout ? 'cutout/' : ''}${id}`;
    node.children.push(element('div', ['ws-end'], [{ type: 'element', tagName: 'a', properties: { className: ['kindred-marker', 'ws-end-marker'], href }, children: [] }]));
  });
}

/** The id of the worksheet section a title stands in (its parent), if it is one. */
function worksheetIdOf(parent: Root | Element | undefined): string | undefined {
  const id = parent?.type === 'element' && parent.tagName === 'section' ? String(parent.properties.id ?? '') : '';
  return id.startsWith('worksheet-') ? id : undefined;
}

/**
 * Chromium keeps orphans but not widows: with a paragraph of three lines split 2 + 1 it leaves the last
 * line alone on the next page rather than move the paragraph (checked on Chromium 156). Paragraphs
 * short enough to run three lines or fewer at the book's measure are marked so the print stylesheet
 * can keep them whole.
 */
function markShortParagraphs(tree: Root, charsPerLine: number): void {
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'p' || toString(node).length > 3 * charsPerLine) return;
    const className = (node.properties?.className as string[] | undefined) ?? [];
    node.properties = { ...node.properties, className: [...className, 'short'] };
  });
}

/** The Markdown line of the elements the EPUB's accessibility check reports on, so its warnings name file:line. */
function markSourceLines(tree: Root): void {
  visit(tree, 'element', (node) => {
    if (/^(h[1-6]|img|table)$/.test(node.tagName) && node.position) node.properties = { ...node.properties, dataSourceLine: node.position.start.line };
  });
}

/**
 * Marks the last block of each run of text (the chapter's last, and any followed by a worksheet, which
 * starts a page) `run-end`, so the print stylesheet can keep enough lines with it that the run's last
 * page is not a line or two.
 */
function markRunEnds(tree: Root): void {
  const blocks = tree.children.filter((n): n is Element => n.type === 'element');
  const isWorksheet = (n: Element | undefined) => (n?.properties?.className as string[] | undefined)?.includes('worksheet-slot') === true;
  const mark = (n: Element | undefined) => {
    if (!n || isWorksheet(n) || !['p', 'ul', 'ol', 'blockquote', 'aside', 'div'].includes(n.tagName)) return;
    n.properties = { ...n.properties, className: [...((n.properties?.className as string[] | undefined) ?? []), 'run-end'] };
  };
  blocks.forEach((n, i) => {
    if (isWorksheet(blocks[i + 1]) && !isWorksheet(n)) mark(n);
  });
  mark(blocks.findLast((n) => !isWorksheet(n)));
}

export function renderChapter(chapter: ChapterTree, medium: Medium, worksheets: WorksheetInstance[], templates: TemplateSet, options: { markers?: boolean; hyphenate?: Hyphenator; charsPerLine?: number } = {}): RenderedChapter {
  const tree = structuredClone(chapter.hast);
  if (medium === 'epub') markSourceLines(tree);
  if (options.charsPerLine) markShortParagraphs(tree, options.charsPerLine);
  fillWorksheets(tree, new Map(worksheets.map((w) => [w.id, w])), medium, templates);
  if (medium === 'print') markRunEnds(tree);
  buildOpener(tree, chapter, templates);
  if (options.markers) {
    addMarkers(tree);
    addWorksheetEnds(tree);
  }
  if (options.hyphenate) hyphenateTree(tree, options.hyphenate);
  if (medium === 'print') {
    keepDashesWithWords(tree);
    tieLastWords(tree);
  }
  const section: Root = { type: 'root', children: [{ ...element('section', ['chapter'], tree.children as ElementContent[]), properties: { className: ['chapter'], id: chapter.id } }] };
  const html = toHtml(section, MEDIA[medium].xhtml ? { closeSelfClosing: true, closeEmptyElements: false, characterReferences: { useNamedReferences: false } } : {});
  return withHtml(chapter, html);
}

/** A chapter as rendered: its metadata, its tree replaced by the HTML. */
export function withHtml(chapter: ChapterTree, html: string): RenderedChapter {
  const { hast: _hast, ...rest } = chapter;
  return { ...rest, html };
}
