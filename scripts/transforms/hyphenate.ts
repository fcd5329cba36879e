/**
 * Soft hyphens for justified print text. Chromium's own `hyphens: auto` needs dictionaries it downloads
 * as a browser component, which an offline, component-update-disabled browser never has; so the text
 * is hyphenated here with TeX patterns (the `hyphen` package) and the browser breaks at the soft hyphens.
 */
import type { Root, Element } from 'hast';
import { visitParents } from 'unist-util-visit-parents';

export type Hyphenator = (text: string) => string;
type HyphenModule = { hyphenateSync: (text: string, options?: object) => string };

const SHY = '\u00AD';
const NO_HYPHENS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'a', 'th']);

/** Loads the patterns for a BCP 47 language (en → hyphen/en-us); undefined when there are none. */
export async function loadHyphenator(language: string): Promise<Hyphenator | undefined> {
  const base = language.toLowerCase();
  const candidates = base.startsWith('en') ? [base === 'en-gb' ? 'en-gb' : 'en-us'] : [base, base.split('-')[0]];
  for (const name of candidates) {
    try {
      const imported = (await import(`hyphen/${name}/index.js`)) as { default?: HyphenModule } & HyphenModule;
      const mod = imported.default ?? imported; // CommonJS module: its exports arrive as default
      // At least three letters before and after a break, as book typesetting expects.
      return (text) => mod.hyphenateSync(text, { minWordLength: 6 }).replace(/\S+/g, trimBreaks);
    } catch {
      /* no patterns for this language */
    }
  }
  return undefined;
}

function trimBreaks(word: string): string {
  if (!word.includes(SHY)) return word;
  const parts = word.split(SHY);
  let out = parts[0];
  for (let i = 1; i < parts.length; i++) {
    const before = (out.replace(new RegExp(SHY, 'g'), '').match(/[\p{L}]+$/u)?.[0] ?? '').length;
    const after = parts.slice(i).join('').match(/^[\p{L}]+/u)?.[0].length ?? 0;
    // A break inside an f-ligature (dif-ficult) makes Chromium map the ligature glyph to no text at all.
    const splitsLigature = out.endsWith('f') && /^[fil]/.test(parts[i]);
    out += before >= 3 && after >= 3 && !splitsLigature ? SHY + parts[i] : parts[i];
  }
  return out;
}

/** Adds soft hyphens to running text (not headings, labels, links or code). */
export function hyphenateTree(tree: Root, hyphenate: Hyphenator): void {
  visitParents(tree, 'text', (node, ancestors) => {
    const elements = ancestors.filter((a): a is Element => a.type === 'element');
    if (elements.some((e) => NO_HYPHENS.has(e.tagName) || (e.properties?.className as string[] | undefined)?.some((c) => c.endsWith('-label') || c.endsWith('-number')))) return;
    if (!elements.some((e) => e.tagName === 'p' || e.tagName === 'li' || e.tagName === 'td' || e.tagName === 'dd')) return;
    node.value = hyphenate(node.value);
  });
}
