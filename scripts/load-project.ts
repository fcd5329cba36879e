/** Loads, validates and prepares a manuscript for the writers: book.yaml, templates, chapters, worksheets. No browser. */
import { loadBook, type Book } from './load-book.ts';
import { createTemplateSet, templateDirs, type TemplateSet } from './render-template.ts';
import { worksheetHelpers } from './worksheets/helpers.ts';
import { prepareChapters, type PreparedBook } from './prepare-chapters.ts';
import type { Cache } from './cache.ts';
import { selectBookFonts } from './fonts.ts';
import { bookText } from './fonts/book-text.ts';
import { checkLabelOverrides } from './labels.ts';

export interface LoadedProject {
  book: Book;
  templates: TemplateSet;
  prepared: PreparedBook;
}

export interface ProjectOptions {
  manuscriptDir: string;
  templatesDir?: string;
  trim?: string;
  bleed?: string;
  log: (line: string) => void;
  /** Parsed chapters are kept here by content. */
  cache?: Cache;
  /** The book when already loaded (build reads book.yaml first to check the outputs). */
  book?: Book;
}

export function loadProject(options: ProjectOptions): LoadedProject {
  const book = options.book ?? loadBook(options.manuscriptDir, { trim: options.trim, bleed: options.bleed, warn: options.log });
  const templates = createTemplateSet(templateDirs(options.templatesDir), worksheetHelpers);
  checkLabelOverrides(book, templates, options.log);
  const prepared = prepareChapters(book, templates, options.log, options.cache);
  // The fonts the book needs (fallbacks for its language and scripts); warns about characters no font has.
  selectBookFonts(templates, book.language, bookText(book, prepared), options.log, options.cache);
  return { book, templates, prepared };
}
