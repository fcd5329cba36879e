/** The front matter documents (half-title, title and copyright, contents, list of worksheets) with real page numbers. */
import type { Book } from '../load-book.ts';
import type { ChapterTree } from '../book-model.ts';
import type { TemplateSet } from '../render-template.ts';
import type { WorksheetInstance } from '../worksheets/prepare-worksheets.ts';
import { copyrightLine } from '../imprint.ts';
import { formatLabel, loadLabels } from '../labels.ts';

export interface FrontDoc {
  name: string;
  content: string;
  /** Contents and the list of worksheets carry roman folios; title pages none. */
  folio: 'roman' | 'none';
}

export interface TocEntry {
  kind: 'chapter' | 'section';
  num?: number;
  text: string;
  id: string;
  /** The page number, or (print) the HTML of the slot it is set in after printing. */
  page: string;
}

/** Contents entries: each chapter and its `##` sections, with the page each starts on. */
export type PageOf = (id: string, strong?: boolean) => string;

export function tocEntries(chapters: ChapterTree[], pageOf: PageOf): TocEntry[] {
  return chapters.flatMap((chapter) => {
    const [title, ...rest] = chapter.headings;
    const entries: TocEntry[] = [{ kind: 'chapter', num: chapter.number, text: chapter.title, id: title?.id ?? chapter.id, page: pageOf(title?.id ?? chapter.id, true) }];
    for (const h of rest) if (h.depth === 2) entries.push({ kind: 'section', text: h.text, id: h.id, page: pageOf(h.id) });
    return entries;
  });
}

export function frontMatter(book: Book, chapters: ChapterTree[], worksheets: WorksheetInstance[], templates: TemplateSet, pageOf: PageOf): FrontDoc[] {
  const imprint = copyrightLine(book);
  const labels = loadLabels(templates, book);
  const docs: FrontDoc[] = [
    { name: 'half-title', content: templates.render('layouts/half-title.hbs', { book, labels }), folio: 'none' },
    {
      name: 'title-page',
      content: templates.render('layouts/title-page.hbs', { book, labels, print: true }) + templates.render('layouts/copyright.hbs', { book, labels, ...imprint, print: true }),
      folio: 'none',
    },
    { name: 'contents', content: templates.render('layouts/contents.hbs', { book, labels, entries: tocEntries(chapters, pageOf) }), folio: 'roman' },
  ];
  if (worksheets.length > 0) {
    const titles = new Map(chapters.map((c) => [c.number, c.title]));
    const list = worksheets.map((w) => ({ ...w, page: pageOf(`worksheet-${w.id}`), chapterTitle: `${formatLabel(labels.chapter, { n: w.chapterNumber })} · ${titles.get(w.chapterNumber) ?? ''}` }));
    docs.push({ name: 'worksheet-list', content: templates.render('layouts/worksheet-list.hbs', { book, labels, worksheets: list }), folio: 'roman' });
  }
  return docs;
}
