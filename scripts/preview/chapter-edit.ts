/**
 * The fast path of a save that changed only chapter files: those chapters are read, parsed and prepared
 * on their own against the last good book (its templates, fonts and worksheet numbers), without reading
 * the rest of the book again. Heading ids and cross-chapter links are settled by the full rebuild that
 * follows; a mistake in the chapter is reported here already, with its file:line:column.
 */
import type { LoadedProject } from '../load-project.ts';
import { prepareChapters } from '../prepare-chapters.ts';
import { readText } from '../read-text.ts';
import type { Cache } from '../cache.ts';

/** The project with the chapters at `paths` read again, or undefined when a path is not one of its chapters. */
export function withEditedChapters(project: LoadedProject, paths: string[], cache: Cache | undefined): LoadedProject | undefined {
  const { book, templates, prepared } = project;
  const edited = book.chapterFiles.filter((c) => paths.includes(c.path));
  if (edited.length === 0 || edited.length !== new Set(paths).size) return undefined;
  const quiet = () => {};
  const again = prepareChapters({ ...book, chapterFiles: edited.map((c) => ({ ...c, source: readText(c.path, quiet) })) }, templates, quiet, cache);
  // Worksheets keep the numbers they have in the whole book.
  const numbers = new Map(prepared.worksheets.map((w) => [w.id, w.number]));
  const worksheets = [...prepared.worksheets.filter((w) => !edited.some((c) => c.number === w.chapterNumber)), ...again.worksheets.map((w) => ({ ...w, number: numbers.get(w.id) ?? w.number }))];
  const chapters = prepared.chapters.map((c) => again.chapters.find((a) => a.number === c.number) ?? c);
  return { book, templates, prepared: { chapters, worksheets } };
}
