/** What preflight reads out of a PDF: plain data, so the rules can be tested without PDFs. */

/** A rectangle in PDF user space, points, lower-left origin. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PageFacts {
  /** 1-based page number. */
  number: number;
  mediaBox: Box;
  /** TrimBox, or the MediaBox when the page has none (trimBoxSet tells which). */
  trimBox: Box;
  trimBoxSet: boolean;
  bleedBox?: Box;
  rotate: number;
  /** Bounding box of the visible text (glyph extents estimated from font size), undefined when the page has no text. */
  textBox?: Box;
  /** Annotation subtypes on the page, e.g. ['Link', 'Link']. */
  annotations: string[];
  /** No text, no images and no painted paths. */
  blank: boolean;
}

export interface FontFacts {
  name: string;
  /** Type0, TrueType, Type1, Type3, MMType1; for Type0 the descendant's subtype is in `descendant`. */
  subtype: string;
  descendant?: string;
  embedded: boolean;
  /** First page the font is used on. */
  firstPage: number;
}

export interface ImageFacts {
  page: number;
  /** pdfjs object id, e.g. img_p3_1. */
  id: string;
  widthPx: number;
  heightPx: number;
  /** Size as drawn on the page, points. */
  drawnWidthPt: number;
  drawnHeightPt: number;
  /** The lower of the horizontal and vertical effective resolution, pixels per inch. */
  dpi: number;
  /** Where it is drawn on the page (points, PDF coordinates); beyond the page it was sliced. */
  box?: Box;
}

/**
 * How a piece of text is coloured: solid black or a grey on the black plate alone; near-black (a dark grey
 * a one-colour press screens); rich black (K with C, M, Y); another CMYK mix; RGB black, grey or colour; spot.
 */
export type TextColour = 'black' | 'gray' | 'near-black' | 'rich-black' | 'cmyk' | 'rgb-black' | 'rgb-gray' | 'rgb' | 'spot' | 'other';

export interface PageColour {
  number: number;
  /** Text-showing operations per colour kind. */
  text: Partial<Record<TextColour, number>>;
  /** Highest total ink of a vector fill, stroke or text in CMYK or grey, percent (0 when none). */
  maxInkPercent: number;
  /** Colour spaces of the images drawn: gray, rgb, cmyk, spot, lab, other. */
  imageSpaces: string[];
}

export interface ColourFacts {
  /** From the header, e.g. 1.3. */
  pdfVersion?: string;
  /** Info dictionary keys of ISO 15930: GTS_PDFXVersion and GTS_PDFXConformance. */
  pdfxVersion?: string;
  pdfxConformance?: string;
  /** OutputConditionIdentifier of the first output intent, when there is one. */
  outputIntent?: string;
  outputProfile: boolean;
  pages: PageColour[];
}

export interface PdfFacts {
  file: string;
  bytes: number;
  pageCount: number;
  encrypted: boolean;
  pages: PageFacts[];
  fonts: FontFacts[];
  images: ImageFacts[];
  /** Outline entries at the top level (bookmarks). */
  bookmarks: number;
  /** Fields in the AcroForm (0 when none). */
  formFields: number;
  /** Where JavaScript was found: 'Names', 'OpenAction', 'AA'. */
  javascript: string[];
  /** Colours, ink and PDF/X identification; absent when the content could not be read (encrypted). */
  colour?: ColourFacts;
}

/** One rule's verdict, passed or not, with the figures behind it. */
export interface Finding {
  rule: string;
  ok: boolean;
  /** What a failure of this rule means: an error stops the book (exit 1), a warning does not. */
  severity: 'error' | 'warning';
  message: string;
}
