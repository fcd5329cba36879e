/** Gives every heading a book-unique id and lists the headings, the chapter's title first. */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type GithubSlugger from 'github-slugger';
import type { Heading } from '../book-model.ts';

export interface Outline {
  title: string;
  headings: Heading[];
}

/**
 * Gives every heading a book-unique id and lists the headings; the chapter's title is its first node,
 * a `#` heading (normaliseChapterTitle). `slugger` is shared by the whole book, so ids stay unique across chapters.
 */
export function collectOutline(tree: Root, slugger: GithubSlugger): Outline {
  const headings: Heading[] = [];
  let title = '';
  visit(tree, 'heading', (node) => {
    const given = (node.data as { titleText?: string } | undefined)?.titleText;
    const text = given ?? toString(node, { includeHtml: false }).replace(/\s+/g, ' ').trim();
    if (node.depth === 1 && !title) title = text;
    const id = slugger.slug(text || 'section');
    node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), id } };
    headings.push({ depth: node.depth, text, id });
  });
  return { title, headings };
}
