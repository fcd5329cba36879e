/**
 * The media a book is rendered for, each with what it can do. Stages ask a capability
 * (`MEDIA[medium].paged`), never which medium it is, so a new medium is one entry here.
 */
export type Medium = 'print' | 'screen' | 'epub' | 'handout';

export interface MediumCapabilities {
  /** Fixed pages: write-in lines, boxes and rating circles, page breaks (worksheets' `print` flag). */
  paged: boolean;
  /** Reflowable text on a reading system (worksheets' `epub` flag). */
  reflowable: boolean;
  /** One worksheet at a time on full paper, no book numbering (worksheets' `handout` flag). */
  singleSheet: boolean;
  /** Links and cross-references are live. */
  links: boolean;
  /** Serialised as XHTML (EPUB content documents). */
  xhtml: boolean;
  /** A worksheet with one instructions text per medium shows the first of these it has. */
  instructions: ('print' | 'epub' | 'handout')[];
}

export const MEDIA: Record<Medium, MediumCapabilities> = {
  print: { paged: true, reflowable: false, singleSheet: false, links: false, xhtml: false, instructions: ['print'] },
  screen: { paged: true, reflowable: false, singleSheet: false, links: true, xhtml: false, instructions: ['print'] },
  epub: { paged: false, reflowable: true, singleSheet: false, links: true, xhtml: true, instructions: ['epub'] },
  handout: { paged: true, reflowable: false, singleSheet: true, links: false, xhtml: false, instructions: ['handout', 'print'] },
};
