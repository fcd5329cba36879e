/**
 * The EPUB's reflowable view for the preview: each chapter rendered for the e-reader medium and wrapped
 * in a page with the EPUB stylesheet (templates/preview/reflow.hbs), its fonts and images served by the
 * preview. A chapter whose tree, worksheets and templates are unchanged keeps its last rendering.
 */
import type { LoadedProject } from '../load-project.ts';
import { renderChapter } from '../render-chapter.ts';
import { readCss } from '../pdf/print-css.ts';
import { bookFonts, fontFaceCss } from '../fonts.ts';
import { hash } from '../cache.ts';
import type { ExposedFiles } from './exposed-files.ts';

export interface ReflowChapter {
  id: string;
  number: number;
  title: string;
  /** The Markdown file, absolute. */
  path: string;
  html: string;
}

export interface ReflowView {
  css: string;
  chapters: ReflowChapter[];
  /** Ids of the chapters whose rendering differs from the last view's. */
  changed: string[];
}

type Memo = Map<string, { key: string; html: string }>;

/** Renders the chapters; `memo` carries renderings from one call to the next. */
export function renderReflow(project: LoadedProject, files: ExposedFiles, memo: Memo, templatesKey: string, log: (line: string) => void): ReflowView {
  const { book, templates, prepared } = project;
  const css = files.expose([fontFaceCss(bookFonts(templates)), readCss(templates, ['epub.css', 'worksheets-epub.css', 'theme-epub.css'], 'epub', log)].join('\n'));
  const worksheetsKey = JSON.stringify(prepared.worksheets);
  const changed: string[] = [];
  const chapters = prepared.chapters.map((chapter) => {
    const key = hash(templatesKey, worksheetsKey, JSON.stringify(chapter));
    let known = memo.get(chapter.id);
    if (known?.key !== key) {
      const body = renderChapter(chapter, 'epub', prepared.worksheets, templates).html;
      const html = files.expose(templates.render('preview/reflow.hbs', { book, title: chapter.title, content: body }));
      if (known?.html !== html) changed.push(chapter.id);
      known = { key, html };
      memo.set(chapter.id, known);
    }
    return { id: chapter.id, number: chapter.number, title: chapter.title, path: chapter.path, html: known.html };
  });
  for (const id of memo.keys()) if (!chapters.some((c) => c.id === id)) memo.delete(id);
  return { css, chapters, changed };
}
