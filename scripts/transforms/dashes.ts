/**
 * No line starts with a dash: the space before a spaced em or en dash ("close — not just") becomes a
 * no-break space, so the dash ends the line with the word before it instead of opening the next.
 */
import type { Element, Root } from 'hast';
import { visitParents } from 'unist-util-visit-parents';

const SKIP = new Set(['code', 'pre', 'script', 'style']);

export function keepDashesWithWords(tree: Root): void {
  visitParents(tree, 'text', (node, ancestors) => {
    if (ancestors.some((a) => a.type === 'element' && SKIP.has((a as Element).tagName))) return;
    node.value = node.value.replace(/[ \t\n]+(?=[\u2014\u2013](\s|$))/g, '\u00A0');
  });
}

/** The longest last word that would be a runt alone on a paragraph's last line ("tion", "tance.", "ness."). */
const RUNT = 7;

/**
 * No runts in justified paragraphs: the last word is not hyphenated and, when it is short, is tied to the
 * word before it with a no-break space (when the two are short enough to move together), so a paragraph
 * never ends on a line of one short word or half a word. A long last word stands alone well enough and
 * is not tied: two long words moved together leave the line before them loose ("alone. This is when
 * professional help can make a" at 5.5×8.5), spaces PDF readers take for columns. Chromium's
 * `text-wrap: pretty` does this for ragged text, but on justified text it opens loose lines the same way.
 */
export function tieLastWords(tree: Root): void {
  visitParents(tree, 'element', (node: Element, ancestors) => {
    if (node.tagName !== 'p' || ancestors.some((a) => a.type === 'element' && SKIP.has((a as Element).tagName))) return;
    const last = node.children.at(-1);
    if (last?.type !== 'text') return;
    const m = /(\S+)[ \t\n]+(\S+)\s*$/.exec(last.value);
    if (!m) return;
    const lastWord = m[2].replace(/\u00AD/g, '');
    if (lastWord.length > RUNT || m[1].replace(/\u00AD/g, '').length + lastWord.length > 18) {
      last.value = last.value.slice(0, m.index + m[0].length - m[2].length) + lastWord;
      return;
    }
    last.value = `${last.value.slice(0, m.index)}${m[1]}\u00A0${lastWord}`;
  });
}
