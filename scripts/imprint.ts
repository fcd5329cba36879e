/** Facts printed in the imprint of every edition: the build date (reproducible) and the copyright line. */
import type { Book } from './load-book.ts';

/** SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
export function buildDate(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/** The year and the copyright line, as every edition words them. */
export function copyrightLine(book: Book, date: Date = buildDate()): { year: string; copyright: string } {
  const year = (book.date ?? date.toISOString()).slice(0, 4);
  return { year, copyright: book.copyright ?? `© ${year} ${book.author}` };
}
