/**
 * Handlebars helpers for worksheet templates and partials. They only compute values; markup lives
 * in templates/partials so that a designer can restyle a worksheet without touching scripts/.
 */
import type { HelperOptions } from 'handlebars';
import type { HelperFn } from '../render-template.ts';
import { formatLabel } from '../labels.ts';

const isOptions = (value: unknown): value is HelperOptions =>
  typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;

/** Drops the trailing Handlebars options object from a helper's arguments. */
const plainArgs = (args: unknown[]): unknown[] => (args.length && isOptions(args.at(-1)) ? args.slice(0, -1) : args);

/** "Open communication" → "openCommunication"; keeps field names readable and stable. */
export function camelCase(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
}

/** Joins parts into a dotted field name: words camel-cased, a number joined to the word before it (`week`, 2, `appreciation` → `week2.appreciation`). */
export function fieldName(...parts: unknown[]): string {
  const out: string[] = [];
  for (const part of parts) {
    if (part === undefined || part === null || part === '') continue;
    if (typeof part === 'number' && out.length) out[out.length - 1] += String(part);
    else if (typeof part === 'number') out.push(String(part));
    else out.push(...String(part).split('.').map(camelCase).filter(Boolean));
  }
  return out.join('.');
}

/** Block helper: renders its block n times with @index (0-based), @number (from `start`, default 1), @first, @last. */
function times(this: unknown, n: unknown, options: HelperOptions): string {
  const count = Math.max(0, Math.floor(Number(n) || 0));
  const start = Number(options.hash.start ?? 1);
  let out = '';
  for (let i = 0; i < count; i++) {
    const data = { ...(options.data ?? {}), index: i, number: start + i, first: i === 0, last: i === count - 1 };
    out += options.fn(start + i, { data });
  }
  return out;
}

/** Numbers from `from` to `to`, inclusive: `{{#each (range 1 15)}}`. */
function range(from: unknown, to: unknown): number[] {
  const out: number[] = [];
  for (let i = Number(from); i <= Number(to); i++) out.push(i);
  return out;
}

/** Splits a list (or the numbers 1…n) into consecutive groups of `size`. */
function chunk(list: unknown, size: unknown): unknown[][] {
  const items = Array.isArray(list) ? list : range(1, list);
  const n = Math.max(1, Number(size) || 1);
  const out: unknown[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** The value a caller asked to print in a write-in field (`renderWorksheet(…, { prefill })`), or ''. */
function prefilled(field: unknown, options: HelperOptions): string {
  const prefill = (options.data?.root as { prefill?: Record<string, string> } | undefined)?.prefill;
  return prefill?.[String(field)] ?? '';
}

/** The first sentence of a text (up to a full stop, ? or ! and any closing quote), or the whole text. */
export function firstSentence(text: string): string {
  const match = /^.*?[.!?]['’"”)]*(?=\s|$)/s.exec(text.trim());
  return match ? match[0] : text.trim();
}

export const worksheetHelpers: Record<string, HelperFn> = {
  times,
  range,
  chunk,
  prefilled,
  fieldName: (...args: unknown[]) => fieldName(...plainArgs(args)),
  camelCase: (text: unknown) => camelCase(String(text ?? '')),
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  and: (...args: unknown[]) => plainArgs(args).every(Boolean),
  or: (...args: unknown[]) => plainArgs(args).find(Boolean) ?? false,
  not: (a: unknown) => !a,
  add: (...args: unknown[]) => plainArgs(args).reduce<number>((sum, v) => sum + Number(v), 0),
  /** 0 → "A", 1 → "B": option letters. */
  letter: (index: unknown) => String.fromCharCode(65 + Number(index)),
  /** Zero-padded number, e.g. for "Q01". */
  pad: (n: unknown, width: unknown) => String(n).padStart(Number(width) || 2, '0'),
  /** The item of a list at a position: `{{at languages 0}}`. */
  at: (list: unknown, index: unknown) => (Array.isArray(list) ? list[Number(index)] : undefined),
  concat: (...args: unknown[]) => plainArgs(args).join(''),
  /** `{{forMedium intro}}`: a text given once, or as `{ print, epub, handout? }` (a handout falls back to print's). */
  forMedium: (value: unknown, options: HelperOptions) => {
    if (!value || typeof value !== 'object') return value ?? '';
    const byMedium = value as Record<string, unknown>;
    const medium = (options.data?.root as { medium?: string } | undefined)?.medium;
    return (medium === 'epub' ? byMedium.epub : medium === 'handout' ? byMedium.handout ?? byMedium.print : byMedium.print) ?? '';
  },
  /** `{{fmt @root.labels.line n=2}}`: a label with its `{name}` slots filled from the hash. */
  fmt: (label: unknown, options: HelperOptions) => formatLabel(String(label ?? ''), options.hash ?? {}),
  /** `{{firstSentence summary}}`: a condensed description, e.g. on a handout. */
  firstSentence: (text: unknown) => firstSentence(String(text ?? '')),
};
