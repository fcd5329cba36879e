/** The EPUB's front matter pages: title page, copyright page and the list of worksheets. */
import type { Book } from '../load-book.ts';
import type { RenderedChapter } from '../book-model.ts';
import { parseFragment, type ContentDoc } from './xhtml.ts';

export interface WorksheetEntry {
  id: string;
  number: number;
  title: string;
  chapterNumber: number;
}

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const line = (className: string, text: string | undefined, tag = 'p') =>
  text ? `<${tag} class="${className}">${escapeXml(text)}</${tag}>` : '';

/** The year and the copyright line, as the print edition words them. */
export function copyrightLine(book: Book, buildDate: Date): { year: string; copyright: string } {
  const year = (book.date ?? buildDate.toISOString()).slice(0, 4);
  return { year, copyright: book.copyright ?? `© ${year} ${book.author}` };
}

function titlePage(book: Book): ContentDoc {
  const html = `<section class="title-page" epub:type="titlepage">
${line('title', book.title, 'h1')}
${line('subtitle', book.subtitle)}
${line('author', book.author)}
${line('publisher', book.publisher)}
</section>`;
  return { filename: 'title-page.xhtml', title: book.title, tree: parseFragment(html) };
}

function copyrightPage(book: Book, buildDate: Date): ContentDoc {
  const { year, copyright } = copyrightLine(book, buildDate);
  const fullTitle = book.subtitle ? `${book.title}: ${book.subtitle}` : book.title;
  const html = `<section class="copyright-page" epub:type="copyright-page">
<p><strong>${escapeXml(fullTitle)}</strong></p>
<p>${escapeXml(copyright)}. All rights reserved. The worksheets in this book may be copied by the purchaser for personal use and by counselors for use with their clients.</p>
${line('edition', book.edition && `${book.edition}, ${year}`)}
${line('isbn', book.isbn && `ISBN ${book.isbn}`)}
${line('publisher', book.publisher && `Published by ${book.publisher}${book.date ? ` · ${book.date}` : ''}`)}
${line('identifier', `Identifier: ${book.identifier}`)}
<p>This workbook offers general information about relationships. It is not therapy and does not replace the help of a licensed professional. If you feel unsafe in your relationship, contact a local support service or a qualified counselor.</p>
</section>`;
  return { filename: 'copyright.xhtml', title: 'Copyright', tree: parseFragment(html) };
}

function worksheetList(worksheets: WorksheetEntry[], chapters: RenderedChapter[]): ContentDoc {
  const titles = new Map(chapters.map((c) => [c.number, c.title]));
  const items = worksheets.map(
    (w) =>
      `<li><a href="#worksheet-${escapeXml(w.id)}"><span class="worksheet-label">Worksheet ${w.number}</span> · ${escapeXml(w.title)}</a>` +
      `<span class="where">Chapter ${w.chapterNumber} · ${escapeXml(titles.get(w.chapterNumber) ?? '')}</span></li>`,
  );
  const html = `<section class="worksheet-list">
<h1>List of Worksheets</h1>
<ol class="toc">
${items.join('\n')}
</ol>
</section>`;
  return { filename: 'worksheets.xhtml', title: 'List of Worksheets', tree: parseFragment(html) };
}

/** The pages before the contents (title, copyright) and after it (list of worksheets, when there are any). */
export function frontMatter(book: Book, chapters: RenderedChapter[], worksheets: WorksheetEntry[], buildDate: Date): { beforeToc: ContentDoc[]; afterToc: ContentDoc[] } {
  return {
    beforeToc: [titlePage(book), copyrightPage(book, buildDate)],
    afterToc: worksheets.length ? [worksheetList(worksheets, chapters)] : [],
  };
}
