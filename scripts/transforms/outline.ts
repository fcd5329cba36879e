/** Reads a chapter's title from its `#` heading, gives every heading a book-unique id, and lists the headings. */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type GithubSlugger from 'github-slugger';
import type { Heading } from '../book-model.ts';
import { fileError } from '../diagnostics.ts';

export interface Outline {
  title: string;
  headings: Heading[];
}

/** `slugger` is shared by the whole book, so ids stay unique across chapters. */
export function collectOutline(tree: Root, file: VFile, slugger: GithubSlugger): Outline {
  const headings: Heading[] = [];
  let title = '';
  visit(tree, 'heading', (node) => {
    const text = toString(node).trim();
    if (node.depth === 1) {
      if (title) {
        fileError(file, 'a chapter has one `#` title; this is a second one', node, 'second-title', 'Make it a `##` section heading, or move it into its own chapter file.');
        return;
      }
      title = text;
    }
    const id = slugger.slug(text || 'section');
    node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), id } };
    headings.push({ depth: node.depth, text, id });
  });
  if (!title) {
    fileError(file, 'the chapter has no `#` title', tree.children[0] ?? tree, 'missing-title', 'Start the chapter with a line like `# Types of Intimacy`.');
  }
  return { title, headings };
}
