/** The shapes that pass between pipeline stages. */
import type { Root as HastRoot } from 'hast';

export interface Heading {
  depth: number;
  text: string;
  /** Element id, unique in the whole book. */
  id: string;
}

/** A chapter after parsing and tree transforms, before it is rendered for a medium. */
export interface ChapterTree {
  number: number;
  /** What the opener prints above the title: "Chapter 3" in the book's language. */
  label: string;
  title: string;
  /** `chapter-N`: the id of the chapter's section element. */
  id: string;
  /** Absolute path of the Markdown source. */
  path: string;
  headings: Heading[];
  /** Medium-neutral HTML tree; worksheets are placeholders filled per medium. */
  hast: HastRoot;
}

/** A chapter rendered for one medium. */
export interface RenderedChapter extends Omit<ChapterTree, 'hast'> {
  /** HTML fragment (XHTML-serialisable for the EPUB medium). */
  html: string;
}
