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
import { collectOutline } from './transforms/outline.ts';
import { toHast } from './to-hast.ts';
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
  const outlines = parsed.map(({ tree, file }) => {
    checkDirectives(tree, file);
    calloutsToElements(tree);
    resolveImages(tree, file);
    return collectOutline(tree, file, slugger);
  });
  reportMessages(
    parsed.map((p) => p.file),
    warn,
  );
  const worksheets = prepareWorksheets(
    parsed.map((p) => ({ tree: p.tree, path: p.file.path, chapterNumber: p.number })),
    { manuscriptDir: book.manuscriptDir, templates },
  );
  const chapters = parsed.map(({ tree, file, number }, i): ChapterTree => {
    markWorksheetPlaceholders(tree);
    const id = `chapter-${number}`;
    return { number, id, title: outlines[i].title, path: file.path, headings: outlines[i].headings, hast: toHast(tree, id) };
  });
  return { chapters, worksheets };
}
