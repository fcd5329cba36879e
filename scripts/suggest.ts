/** "Did you mean …?": the known name nearest to a mistyped one, for options and commands alike. */
import { distance } from 'fastest-levenshtein';

/**
 * The name the user most likely meant: one that starts with what was typed (`--man` → `manuscript`),
 * else the nearest by edit distance when it is close (an edit for every three letters: `trm` → `trim`, `brnad` → `brand`).
 */
export function closestName(typed: string, names: string[]): string | undefined {
  const word = typed.toLowerCase();
  if (!word) return undefined;
  const prefixed = names.filter((n) => word.length >= 2 && n.startsWith(word));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(word, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(1, Math.ceil(word.length / 3)) ? best : undefined;
}
