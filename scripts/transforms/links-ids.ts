/**
 * Links and ids made sound for the whole book, where the source positions are still known: a link to
 * another chapter's file points at that chapter, a link to a file that is not part of the book keeps
 * its text without the link, and an id used twice (raw HTML copied from elsewhere) is renamed. Each
 * repair is a warning at file:line:column.
 */
import { resolve, dirname } from 'node:path';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { fileWarning } from '../diagnostics.ts';

export interface LinkedChapter {
  tree: Root;
  file: VFile;
  /** `chapter-N`, the id of the chapter's section. */
  id: string;
}

const SAFE_SCHEMES = /^(https?|mailto|tel):/i;

const isHeading = (node: Element) => /^h[1-6]$/.test(node.tagName);

/**
 * Ids in the order the book shows them; a repeated one gets a suffix, spaces (invalid in XHTML) become
 * dashes. Heading ids (unique already, and named in the contents) keep theirs; other ids give way.
 */
function uniqueIds(chapters: LinkedChapter[]): void {
  const seen = new Set<string>(chapters.map((c) => c.id));
  const headings = new Map<string, Element>();
  for (const { tree } of chapters) {
    visit(tree, 'element', (node) => {
      const id = node.properties.id;
      if (isHeading(node) && typeof id === 'string' && !headings.has(id)) headings.set(id, node);
    });
  }
  for (const id of headings.keys()) seen.add(id);
  for (const { tree, file } of chapters) {
    visit(tree, 'element', (node) => {
      const raw = node.properties.id;
      if (raw === undefined || headings.get(String(raw)) === node) return;
      let id = String(raw).trim().replace(/\s+/g, '-');
      if (!id) {
        delete node.properties.id;
        return;
      }
      if (seen.has(id)) {
        let n = 2;
        while (seen.has(`${id}-${n}`)) n++;
        fileWarning(file, `id "${id}" is used more than once in the book; renamed this one to "${id}-${n}"`, node, 'duplicate-id');
        id = `${id}-${n}`;
      }
      seen.add(id);
      node.properties.id = id;
    });
  }
}

/** Relative links to chapter files become in-book links; links to anything else outside the book are unwrapped. */
function bookLinks(chapters: LinkedChapter[]): void {
  const byPath = new Map(chapters.map((c) => [c.file.path, c.id]));
  for (const { tree, file } of chapters) {
    visit(tree, 'element', (node: Element, index, parent) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || href.startsWith('#') || SAFE_SCHEMES.test(href.trim())) return undefined;
      const [path, fragment] = href.trim().split('#', 2);
      let target: string | undefined;
      if (path && !/^[a-z][a-z0-9+.-]*:/i.test(path) && !path.startsWith('/')) {
        let decoded = path;
        try {
          decoded = decodeURIComponent(path);
        } catch {
          /* keep as written */
        }
        target = byPath.get(resolve(dirname(file.path), decoded));
      }
      if (target) {
        node.properties.href = `#${fragment || target}`;
        return undefined;
      }
      fileWarning(file, `link to ${href.slice(0, 120)}, which is not part of the book; kept its text without the link`, node, 'dead-link');
      if (!parent || index === undefined) return undefined;
      parent.children.splice(index, 1, ...node.children);
      return [SKIP, index];
    });
  }
}

export function repairLinksAndIds(chapters: LinkedChapter[]): void {
  uniqueIds(chapters);
  bookLinks(chapters);
}
