/**
 * Refuses chapters nested deeper than any book needs (2,500 `<div>`s, `>>>>…` quotes, `****…` emphasis)
 * before any recursive stage sees them: the tree walkers, the HTML serialiser and the browser's layout
 * all recurse, and would fail with a stack overflow. Iterative, so the check itself cannot overflow.
 */
import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';
import type { VFile } from 'vfile';
import { fileError } from '../diagnostics.ts';

/** Deeper than this is refused; real books stay under 20. */
const MAX_NESTING = 100;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g;

/** Records an error at the first node (or raw tag) deeper than MAX_NESTING; returns false when there is one. */
export function checkNesting(tree: Root, file: VFile): boolean {
  // Raw HTML opens in one block and closes in another: its depth runs on across the chapter's html nodes.
  let htmlDepth = 0;
  const stack: [Node, number][] = [[tree, 0]];
  const ordered: [Node, number][] = [];
  // Document order with an explicit stack (children pushed in reverse).
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    ordered.push([node, depth]);
    const children = (node as Parent).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
  for (const [node, depth] of ordered) {
    if (depth > MAX_NESTING) return refuse(file, node, depth);
    if (node.type !== 'html') continue;
    const value = (node as Node & { value: string }).value;
    for (const match of value.matchAll(TAG)) {
      if (!match[2] || VOID.has(match[2].toLowerCase()) || match[3]) continue;
      htmlDepth = Math.max(0, htmlDepth + (match[1] ? -1 : 1));
      if (depth + htmlDepth > MAX_NESTING) {
        const before = value.slice(0, match.index);
        const line = (node.position?.start.line ?? 1) + before.split('\n').length - 1;
        const column = before.includes('\n') ? before.length - before.lastIndexOf('\n') : (node.position?.start.column ?? 1) + before.length;
        return refuse(file, { position: { start: { line, column }, end: { line, column } } }, depth + htmlDepth);
      }
    }
  }
  return true;
}

function refuse(file: VFile, node: Pick<Node, 'position'>, depth: number): false {
  fileError(
    file,
    `elements nested more than ${MAX_NESTING} levels deep (${depth} here); the book cannot lay this out`,
    node,
    'too-deep',
    'Flatten the nesting: raw HTML <div>s inside <div>s, quotes inside quotes or lists inside lists rarely need more than a few levels.',
  );
  return false;
}
