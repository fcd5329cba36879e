/**
 * Chapters from Markdown to medium-neutral HTML trees: parse, check directives, callouts, images,
 * outline and ids, worksheets numbered and validated. Every problem in every chapter is reported at once.
 */
import GithubSlugger from 'github-slugger';
import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Book } from './load-book.ts';
import type { ChapterTree } from './book-model.ts';
import type { TemplateSet } from './render-template.ts';
import type { ParsedChapter } from './parse-markdown.ts';
import { parseCached } from './parse-cache.ts';
import type { Cache } from './cache.ts';
import { checkDirectives } from './transforms/check-directives.ts';
import { calloutsToElements } from './transforms/callouts.ts';
import { resolveImages } from './transforms/images.ts';
import { repairLinksAndIds } from './transforms/links-ids.ts';
import { bookConfinement } from './resolve-resource.ts';
import { VFile } from 'vfile';
import { warnRemovedHtml } from './transforms/raw-html.ts';
import { checkNesting } from './transforms/check-nesting.ts';
import { collectOutline } from './transforms/outline.ts';
import { normaliseChapterTitle } from './transforms/chapter-title.ts';
import { toHast } from './to-hast.ts';
import { formatLabel, loadLabels } from './labels.ts';
import { reportMessages } from './diagnostics.ts';
import { prepareWorksheets, type WorksheetInstance } from './worksheets/prepare-worksheets.ts';

export interface PreparedBook {
  chapters: ChapterTree[];
  worksheets: WorksheetInstance[];
}

/** Worksheet directives become placeholders that the renderers fill for their medium. */
function markWorksheetPlaceholders(tree: MdastRoot): void {
  visit(tree, 'leafDirective', (node) => {
    const id = (node.data as { worksheetId?: string } | undefined)?.worksheetId;
    if (node.name !== 'worksheet' || !id) return;
    node.children = [];
    node.data = { ...node.data, hName: 'div', hProperties: { dataKindredWorksheet: id } };
  });
}

export function prepareChapters(book: Book, templates: TemplateSet, warn: (line: string) => void, cache?: Cache): PreparedBook {
  const parsed: (ParsedChapter & { number: number })[] = book.chapterFiles.map((c) => ({ ...parseCached(c.source, c.path, cache), number: c.number }));
  const slugger = new GithubSlugger();
  const labels = loadLabels(templates, book);
  const outlines = parsed.map(({ tree, file }) => {
    if (!checkNesting(tree, file)) return { title: '', headings: [] };
    checkDirectives(tree, file);
    warnRemovedHtml(tree, file);
    calloutsToElements(tree, labels);
    normaliseChapterTitle(tree, file);
    return collectOutline(tree, slugger);
  });
  reportMessages(
    parsed.map((p) => p.file),
    warn,
  );
  const worksheets = prepareWorksheets(
    parsed.map((p) => ({ tree: p.tree, path: p.file.path, chapterNumber: p.number })),
    { manuscriptDir: book.manuscriptDir, templates, language: book.language, labels: book.labels, handoutsUrl: book.handouts?.url, warn, buildCache: cache },
  );
  // The HTML trees get files of their own for their messages: the Markdown messages are reported already.
  const confinement = bookConfinement(book.manuscriptDir, templates.dirs);
  const images = new Map();
  const html = parsed.map(({ tree, file, number }) => {
    markWorksheetPlaceholders(tree);
    const id = `chapter-${number}`;
    const htmlFile = new VFile({ path: file.path });
    const hast = toHast(tree, id, labels);
    resolveImages(hast, htmlFile, confinement, images);
    return { tree: hast, file: htmlFile, id };
  });
  repairLinksAndIds(html);
  reportMessages(
    html.map((h) => h.file),
    warn,
  );
  const chapters = parsed.map(({ file, number }, i): ChapterTree => {
    return { number, label: formatLabel(labels.chapter, { n: number }), id: html[i].id, title: outlines[i].title, path: file.path, headings: outlines[i].headings, hast: html[i].tree };
  });
  return { chapters, worksheets };
}
