/** The EPUB's front matter pages: title page, copyright page and the list of worksheets. */
import type { Book } from '../load-book.ts';
import type { RenderedChapter } from '../book-model.ts';
import type { Element } from 'hast';
import type { TemplateSet } from '../render-template.ts';
import { copyrightLine } from '../imprint.ts';
import { formatLabel, loadLabels, type Labels } from '../labels.ts';
import { parseFragment, type ContentDoc } from './xhtml.ts';

export interface WorksheetEntry {
  id: string;
  number: number;
  title: string;
  chapterNumber: number;
}

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');


/** A front-matter page from the same Handlebars layout the print edition uses, marked with its EPUB semantics. */
function layoutPage(templates: TemplateSet, layout: string, context: object, epubType: string, filename: string, title: string): ContentDoc {
  const tree = parseFragment(templates.render(`layouts/${layout}.hbs`, { ...context, epub: true }));
  const root = tree.children.find((n): n is Element => n.type === 'element');
  if (root) root.properties = { ...root.properties, 'epub:type': epubType };
  return { filename, title, tree };
}

function titlePage(book: Book, templates: TemplateSet, labels: Labels): ContentDoc {
  return layoutPage(templates, 'title-page', { book, labels }, 'titlepage', 'title-page.xhtml', book.title);
}

function copyrightPage(book: Book, templates: TemplateSet, date: Date, labels: Labels): ContentDoc {
  return layoutPage(templates, 'copyright', { book, labels, ...copyrightLine(book, date) }, 'copyright-page', 'copyright.xhtml', labels.copyrightPage);
}

function worksheetList(worksheets: WorksheetEntry[], chapters: RenderedChapter[], labels: Labels): ContentDoc {
  const titles = new Map(chapters.map((c) => [c.number, c.title]));
  const items = worksheets.map(
    (w) =>
      `<li><a href="#worksheet-${escapeXml(w.id)}"><span class="worksheet-label">${escapeXml(formatLabel(labels.worksheet, { n: w.number }))}</span> · ${escapeXml(w.title)}</a>` +
      `<span class="where">${escapeXml(formatLabel(labels.chapter, { n: w.chapterNumber }))} · ${escapeXml(titles.get(w.chapterNumber) ?? '')}</span></li>`,
  );
  const html = `<section class="worksheet-list">
<h1>${escapeXml(labels.worksheetList)}</h1>
<ol class="toc">
${items.join('\n')}
</ol>
</section>`;
  return { filename: 'worksheets.xhtml', title: labels.worksheetList, tree: parseFragment(html) };
}

/** The pages before the contents (title, copyright) and after it (list of worksheets, when there are any). */
export function frontMatter(book: Book, templates: TemplateSet, chapters: RenderedChapter[], worksheets: WorksheetEntry[], date: Date): { beforeToc: ContentDoc[]; afterToc: ContentDoc[] } {
  const labels = loadLabels(templates, book);
  return {
    beforeToc: [titlePage(book, templates, labels), copyrightPage(book, templates, date, labels)],
    afterToc: worksheets.length ? [worksheetList(worksheets, chapters, labels)] : [],
  };
}
