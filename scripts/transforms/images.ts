/**
 * Images: the build is offline, so a remote image is replaced by its alt text with a warning;
 * a local image must exist and becomes an absolute file:// URL (the renderers embed it).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { visit, SKIP } from 'unist-util-visit';
import { fileError, fileWarning } from '../diagnostics.ts';

export function resolveImages(tree: Root, file: VFile): void {
  visit(tree, 'image', (node, index, parent) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(node.url) && !node.url.startsWith('file:')) {
      fileWarning(file, `remote image not fetched (the build is offline): ${node.url}; printed its alt text instead. Download it next to the chapter and link the file.`, node, 'remote-image');
      if (parent && index !== undefined) {
        const alt: Text = { type: 'text', value: node.alt ? `[${node.alt}]` : '', position: node.position };
        parent.children.splice(index, 1, alt);
        return [SKIP, index];
      }
      return undefined;
    }
    const path = resolve(dirname(file.path), decodeURI(node.url.replace(/^file:\/\//, '')));
    if (!existsSync(path)) {
      fileError(file, `image not found: ${node.url}`, node, 'missing-image', `Looked for ${path}. Add the file or fix the path (relative to the chapter file).`);
      return undefined;
    }
    node.url = pathToFileURL(path).href;
    return undefined;
  });
}
