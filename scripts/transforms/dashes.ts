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
