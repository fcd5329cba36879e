/**
 * Raw HTML the sanitiser removes without a trace (scripts, style blocks, embedded frames, external
 * stylesheets) is named here, at its line, so the author knows why it does not show.
 */
import type { Html, Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { fileWarning } from '../diagnostics.ts';

const REMOVED = /<(script|style|iframe|object|embed|link|noscript|template)\b/gi;

export function warnRemovedHtml(tree: Root, file: VFile): void {
  visit(tree, 'html', (node: Html) => {
    for (const match of node.value.matchAll(REMOVED)) {
      const before = node.value.slice(0, match.index);
      const line = (node.position?.start.line ?? 1) + before.split('\n').length - 1;
      const column = before.includes('\n') ? before.length - before.lastIndexOf('\n') : (node.position?.start.column ?? 1) + before.length;
      const tag = match[1].toLowerCase();
      const why = tag === 'style' || tag === 'link' ? 'styles belong in templates/css, which both outputs use' : 'books run no scripts and load nothing from elsewhere';
      fileWarning(file, `raw <${tag}> removed${['iframe', 'object', 'embed', 'link'].includes(tag) ? '' : ' with its contents'}: ${why}`, { position: { start: { line, column }, end: { line, column } } }, 'removed-html');
    }
  });
}
