/** Facts printed in the imprint of every edition: the build date (reproducible) and the copyright line. */
import type { Book } from './load-book.ts';

/** SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
export function buildDate(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/** A text as a sentence: a full stop added unless it already ends with one (or ?, !, …), before any closing quote. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…。！？][)\]"'”’»]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The year and the copyright line, as every edition words them (`copyrightSentence` ends with one full stop). */
export function copyrightLine(book: Book, date: Date = buildDate()): { year: string; copyright: string; copyrightSentence: string } {
  const year = (book.date ?? date.toISOString()).slice(0, 4);
  const copyright = book.copyright ?? `© ${year} ${book.author}`;
  return { year, copyright, copyrightSentence: asSentence(copyright) };
}
