/** The seed article as the sentences the book must contain, and text normalisation for comparing them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SEED_PATH = resolve(import.meta.dirname, '..', 'fixtures', 'seed', 'intimacy-article.txt');
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Letters and digits only, lower case: survives line breaks, hyphenation, quotes and dashes. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00AD\u02BC\u2019']/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Every sentence of the article body: the outline and the SEO keyword list are metadata, emoji decoration. */
export function seedSentences(): string[] {
  const lines = readFileSync(SEED_PATH, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^1\. Introduction/.test(l));
  const end = lines.findIndex((l) => /Suggested SEO Keywords/.test(l));
  const body = lines.slice(start, end).join('\n').replace(/\p{Extended_Pictographic}|\uFE0F/gu, '');
  return body
    .split(/(?<=[.!?…:”])\s+|\n+/)
    .map((s) => s.replace(/^\d+\.\s+/, '').trim())
    // "Quote:" marks a pull quote, which the book sets as a quotation rather than label.
    .filter((s) => s !== 'Quote:')
    .filter((s) => normalise(s).length > 0);
}

export function seedKeywords(): string[] {
  const lines = readFileSync(SEED_PATH, 'utf8').split('\n');
  const start = lines.findIndex((l) => /Suggested SEO Keywords/.test(l));
  return lines.slice(start + 1).map((l) => l.trim()).filter(Boolean);
}

/** The sentences not found, in order, in the text (each searched after the previous one's end). */
export function missingInOrder(sentences: string[], text: string): string[] {
  const haystack = normalise(text);
  const missing: string[] = [];
  let from = 0;
  for (const sentence of sentences) {
    const at = haystack.indexOf(normalise(sentence), from);
    if (at < 0) missing.push(sentence);
    else from = at + normalise(sentence).length;
  }
  return missing;
}
