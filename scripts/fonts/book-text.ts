/** Everything a book prints as text, with where it was written: metadata, chapters, worksheet data. */
import type { Root } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { Book } from '../load-book.ts';
import type { PreparedBook } from '../prepare-chapters.ts';
import type { TextSample } from './plan.ts';

function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
}

function chapterSamples(tree: Root, file: string): TextSample[] {
  const samples: TextSample[] = [];
  visitParents(tree, 'text', (node, ancestors) => {
    const at = node.position ?? [...ancestors].reverse().find((a) => a.position)?.position;
    samples.push({ text: node.value, place: { file, line: at?.start.line, column: at?.start.column } });
  });
  return samples;
}

export function bookText(book: Book, prepared: PreparedBook): TextSample[] {
  const meta: string[] = [];
  strings([book.title, book.subtitle, book.author, book.publisher, book.description, book.copyright, book.backCover], meta);
  return [
    ...meta.map((text) => ({ text, place: { file: book.configPath } })),
    ...prepared.chapters.flatMap((c) => chapterSamples(c.hast, c.path)),
    ...prepared.worksheets.flatMap((w) => {
      const texts: string[] = [];
      strings([w.title, w.context], texts);
      return texts.map((text) => ({ text, place: w.place }));
    }),
  ];
}
