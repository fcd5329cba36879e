/**
 * `--trim` and `--bleed` as typed on the command line: read, and held to what print-on-demand services
 * print. Each mistake names the option and says the accepted range (book.yaml's are checked by its schema).
 */
import { KindredError } from './errors.ts';
import { BLEED_RANGE_TEXT, bleedRangeProblem, parseLength, parseTrim, TRIM_RANGE_TEXT, trimRangeProblem, type Trim } from './print-rules.ts';

const TRIM_NAMES = 'Use 5.5x8.5, 6x9, 7x10, 8x10, 8.5x11, a4, a5, or WIDTHxHEIGHT with in or mm (e.g. 150x220mm).';

export function trimOption(text: string, flag = '--trim'): Trim {
  const trim = parseTrim(text);
  if (!trim) throw new KindredError(`unknown trim size "${text}"`, { hint: TRIM_NAMES });
  const problem = trimRangeProblem(trim);
  if (problem) throw new KindredError(`${flag} ${text}: ${problem}; ${TRIM_RANGE_TEXT}`);
  return trim;
}

/** The bleed in points. */
export function bleedOption(text: string, flag = '--bleed'): number {
  const negative = /^\s*-/.test(text);
  const magnitude = parseLength(text.replace(/^\s*-/, ''));
  if (magnitude === undefined) throw new KindredError(`${flag} ${text}: not a length`, { hint: 'Write it like 0.125in or 3mm (0 for none).' });
  const pt = negative ? -magnitude : magnitude;
  const problem = bleedRangeProblem(pt);
  if (problem) throw new KindredError(`${flag} ${text}: ${problem}; ${BLEED_RANGE_TEXT}`);
  return pt;
}
