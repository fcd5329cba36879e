/**
 * Print-on-demand facts as numbers: trim sizes, lengths, gutter minimums, spine widths.
 * Sources: the KDP help pages for gutter and spine.
 */
export const PT_PER_IN = 72;
export const PT_PER_MM = 72 / 25.4;

export interface Trim {
  /** Name as the user wrote it or as listed in TRIM_SIZES. */
  name: string;
  widthPt: number;
  heightPt: number;
}

export const TRIM_SIZES: Record<string, { width: string; height: string }> = {
  '5.5x8.5': { width: '5.5in', height: '8.5in' },
  '6x9': { width: '6in', height: '9in' },
  '7x10': { width: '7in', height: '10in' },
  '8x10': { width: '8in', height: '10in' },
  '8.5x11': { width: '8.5in', height: '11in' },
  letter: { width: '8.5in', height: '11in' },
  a4: { width: '210mm', height: '297mm' },
  a5: { width: '148mm', height: '210mm' },
};

/** `0.125in`, `3mm`, `9pt` → points; undefined when the text is not a length. */
export function parseLength(text: string, defaultUnit: 'in' | 'mm' | 'pt' = 'in'): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(in|mm|cm|pt)?\s*$/i.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = (m[2] ?? defaultUnit).toLowerCase();
  if (unit === 'in') return value * PT_PER_IN;
  if (unit === 'mm') return value * PT_PER_MM;
  if (unit === 'cm') return value * 10 * PT_PER_MM;
  return value;
}

/**
 * A trim size by name (`6x9`, `a5`, `letter`) or as `WIDTHxHEIGHT` with a unit
 * (`6x9in`, `150x220mm`, `6in x 9in`); undefined when it cannot be read.
 */
export function parseTrim(text: string): Trim | undefined {
  const key = text.trim().toLowerCase().replace(/\s+/g, '').replace('×', 'x');
  const known = TRIM_SIZES[key] ?? TRIM_SIZES[key.replace(/in$/, '')];
  if (known) {
    return { name: text.trim(), widthPt: parseLength(known.width)!, heightPt: parseLength(known.height)! };
  }
  const m = /^([\d.]+)(in|mm|cm|pt)?x([\d.]+)(in|mm|cm|pt)?$/.exec(key);
  if (!m) return undefined;
  const unit = (m[4] ?? m[2] ?? 'in') as 'in' | 'mm' | 'pt';
  const w = parseLength(m[1] + (m[2] ?? unit));
  const h = parseLength(m[3] + unit);
  if (w === undefined || h === undefined || w <= 0 || h <= 0) return undefined;
  return { name: text.trim(), widthPt: w, heightPt: h };
}

/** KDP's minimum inside (gutter) margin, in inches, for a page count. */
export function gutterMinimumIn(pageCount: number): number {
  if (pageCount <= 150) return 0.375;
  if (pageCount <= 300) return 0.5;
  if (pageCount <= 500) return 0.625;
  if (pageCount <= 700) return 0.75;
  return 0.875;
}

/** Minimum outside, top and bottom margin in inches (KDP): 0.25 in, 0.375 in with bleed. */
export function outerMinimumIn(hasBleed: boolean): number {
  return hasBleed ? 0.375 : 0.25;
}

export type Paper = 'white' | 'cream' | 'color';

/** Paper thickness per page in inches (KDP). */
export const PAPER_THICKNESS_IN: Record<Paper, number> = {
  white: 0.002252,
  cream: 0.0025,
  color: 0.002347,
};

/** Spine width in inches for a page count on a paper. */
export function spineWidthIn(pageCount: number, paper: Paper): number {
  return pageCount * PAPER_THICKNESS_IN[paper];
}

/** KDP allows spine text only from this many pages. */
export const SPINE_TEXT_MIN_PAGES = 79;

/**
 * The trims print-on-demand services print (KDP paperback and IngramSpark): 4 × 6 in up to
 * 8.5 × 11.69 in, portrait. A4 (8.27 × 11.69 in) fits; KDP hardcover is narrower still.
 */
export const TRIM_RANGE_IN = { minWidth: 4, minHeight: 6, maxWidth: 8.5, maxHeight: 11.69 };
/** KDP, IngramSpark and Lulu take no bleed or exactly 0.125 in; more than 0.25 in is never right. */
export const BLEED_MAX_IN = 0.25;
export const TRIM_RANGE_TEXT = 'accepted: 4 × 6 in up to 8.5 × 11.69 in, portrait (KDP paperback, IngramSpark; A4 fits)';
export const BLEED_RANGE_TEXT = 'accepted: 0 or 0.125 in (KDP, IngramSpark, Lulu); up to 0.25 in';

/** Lengths compared to a hundredth of a millimetre, so A4's 297 mm (11.693 in) counts as 11.69 in. */
const TOLERANCE_IN = 0.005;
const inches = (pt: number) => Number((pt / PT_PER_IN).toFixed(3));

/** Why no print-on-demand service prints this trim, or undefined when it fits. */
export function trimRangeProblem(trim: Trim): string | undefined {
  const w = trim.widthPt / PT_PER_IN;
  const h = trim.heightPt / PT_PER_IN;
  const r = TRIM_RANGE_IN;
  const size = `${inches(trim.widthPt)} × ${inches(trim.heightPt)} in`;
  if (w > r.maxWidth + TOLERANCE_IN || h > r.maxHeight + TOLERANCE_IN) return `${size} is larger than print-on-demand services print`;
  if (w < r.minWidth - TOLERANCE_IN || h < r.minHeight - TOLERANCE_IN) return `${size} is smaller than print-on-demand services print`;
  return undefined;
}

/** Why no print-on-demand service takes this bleed, or undefined when it is fine. */
export function bleedRangeProblem(bleedPt: number): string | undefined {
  if (bleedPt < 0) return `a bleed of ${inches(bleedPt)} in is negative`;
  if (bleedPt / PT_PER_IN > BLEED_MAX_IN + TOLERANCE_IN / 10) return `a bleed of ${inches(bleedPt)} in is more than print-on-demand services take`;
  return undefined;
}
