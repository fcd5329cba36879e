/**
 * The full-wrap cover as numbers (KDP, shared/docs/print-specs.md): back, spine and front side by side,
 * bleed all round; spine = pages × paper thickness; spine text only from SPINE_TEXT_MIN_PAGES.
 */
import { PT_PER_IN, SPINE_TEXT_MIN_PAGES, spineWidthIn, type Paper, type Trim } from '../print-rules.ts';

/** Text on the spine keeps this far from each fold: the fold may drift by that much. */
export const SPINE_FOLD_SAFETY_IN = 0.0625;
export const COVER_BLEED_IN = 0.125;

export interface Panel {
  /** Left edge from the sheet's left edge, inches (bleed included in the sheet, not in the panel). */
  xIn: number;
  widthIn: number;
}

export interface CoverGeometry {
  pages: number;
  paper: Paper;
  bleedIn: number;
  trimWidthIn: number;
  trimHeightIn: number;
  spineIn: number;
  /** The whole sheet, bleed included. */
  widthIn: number;
  heightIn: number;
  back: Panel;
  spine: Panel;
  front: Panel;
  spineText: boolean;
  /** Type size that fits the spine between the fold margins (0 when there is no spine text). */
  spineFontPt: number;
}

/** Lays out the wrap for a trim, page count and paper. */
export function coverGeometry(trim: Pick<Trim, 'widthPt' | 'heightPt'>, pages: number, paper: Paper, bleedIn = COVER_BLEED_IN): CoverGeometry {
  const trimWidthIn = trim.widthPt / PT_PER_IN;
  const trimHeightIn = trim.heightPt / PT_PER_IN;
  const spineIn = spineWidthIn(pages, paper);
  const spineText = pages >= SPINE_TEXT_MIN_PAGES;
  const usableIn = spineIn - 2 * SPINE_FOLD_SAFETY_IN;
  // One line of type whose ink (about one em with descenders) fits the space between the fold margins.
  const spineFontPt = spineText ? Math.round(Math.min(18, usableIn * PT_PER_IN * 0.9) * 10) / 10 : 0;
  return {
    pages,
    paper,
    bleedIn,
    trimWidthIn,
    trimHeightIn,
    spineIn,
    widthIn: bleedIn + trimWidthIn + spineIn + trimWidthIn + bleedIn,
    heightIn: trimHeightIn + 2 * bleedIn,
    back: { xIn: bleedIn, widthIn: trimWidthIn },
    spine: { xIn: bleedIn + trimWidthIn, widthIn: spineIn },
    front: { xIn: bleedIn + trimWidthIn + spineIn, widthIn: trimWidthIn },
    spineText,
    spineFontPt,
  };
}
