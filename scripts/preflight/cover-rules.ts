/**
 * `kindred check --cover`: a full-wrap cover against the numbers it must have (KDP's wrap formula,
 * shared/docs/print-specs.md): sheet and trim size for the interior's trim, page count and paper; every
 * piece of text inside the safe area (0.125 in inside the trim and the panel edges, 0.0625 in from the
 * spine folds); nothing in the barcode area on the back.
 */
import { PT_PER_IN } from '../print-rules.ts';
import { BARCODE_IN } from '../cover/cover-html.ts';
import { SPINE_FOLD_SAFETY_IN, type CoverGeometry } from '../cover/cover-geometry.ts';
import type { Box, ColourFacts } from './facts.ts';
import { colourRules } from './colour-rules.ts';
import type { Finding } from './preflight-rules.ts';

/** Type keeps this far inside the trim and the panel edges. */
export const COVER_SAFETY_IN = 0.125;
/** Size tolerance: a hundredth of an inch. */
const SIZE_TOLERANCE_IN = 0.01;
const EPS_PT = 0.5;

export interface CoverFacts {
  /** Colours, ink and PDF/X identification, as for an interior. */
  colour?: ColourFacts;
  mediaBox: Box;
  trimBox?: Box;
  /** Every text item with its estimated ink box, points, lower-left origin. */
  text: { str: string; box: Box }[];
}

const inch = (pt: number) => (pt / PT_PER_IN).toFixed(3);
const size = (b: Box) => `${inch(b.x1 - b.x0)} × ${inch(b.y1 - b.y0)} in`;

/** The areas where type may go: the back and front inside their safety, the spine between its fold margins. */
export function safeAreas(g: CoverGeometry): { name: string; box: Box }[] {
  const pt = (n: number) => n * PT_PER_IN;
  const y0 = pt(g.bleedIn + COVER_SAFETY_IN);
  const y1 = pt(g.heightIn - g.bleedIn - COVER_SAFETY_IN);
  const panel = (xIn: number, widthIn: number, insetIn: number): Box => ({ x0: pt(xIn + insetIn), x1: pt(xIn + widthIn - insetIn), y0, y1 });
  return [
    { name: 'back', box: panel(g.back.xIn, g.back.widthIn, COVER_SAFETY_IN) },
    { name: 'spine', box: panel(g.spine.xIn, g.spine.widthIn, SPINE_FOLD_SAFETY_IN) },
    { name: 'front', box: panel(g.front.xIn, g.front.widthIn, COVER_SAFETY_IN) },
  ];
}

/** The barcode area on the back, next to the spine at the foot. */
export function barcodeBox(g: CoverGeometry): Box {
  const right = (g.back.xIn + g.back.widthIn - BARCODE_IN.fromSpine) * PT_PER_IN;
  const bottom = (g.bleedIn + BARCODE_IN.fromBottom) * PT_PER_IN;
  return { x0: right - BARCODE_IN.width * PT_PER_IN, x1: right, y0: bottom, y1: bottom + BARCODE_IN.height * PT_PER_IN };
}

const inside = (b: Box, area: Box) => b.x0 >= area.x0 - EPS_PT && b.x1 <= area.x1 + EPS_PT && b.y0 >= area.y0 - EPS_PT && b.y1 <= area.y1 + EPS_PT;
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 - EPS_PT && b.x0 < a.x1 - EPS_PT && a.y0 < b.y1 - EPS_PT && b.y0 < a.y1 - EPS_PT;

/** Sheet and trim size against the wrap formula, to a hundredth of an inch. */
export function coverSizeRule(f: CoverFacts, g: CoverGeometry): Finding {
  const rule = 'cover-size';
  const expected = `${g.widthIn.toFixed(3)} × ${g.heightIn.toFixed(3)} in (${g.bleedIn} + ${g.trimWidthIn} + spine ${g.spineIn.toFixed(3)} + ${g.trimWidthIn} + ${g.bleedIn} in wide, ${g.pages} pages on ${g.paper} paper)`;
  const w = (f.mediaBox.x1 - f.mediaBox.x0) / PT_PER_IN;
  const h = (f.mediaBox.y1 - f.mediaBox.y0) / PT_PER_IN;
  if (Math.abs(w - g.widthIn) > SIZE_TOLERANCE_IN || Math.abs(h - g.heightIn) > SIZE_TOLERANCE_IN) {
    return { rule, ok: false, severity: 'error', message: `sheet ${size(f.mediaBox)}, but ${expected} is needed` };
  }
  const trim = f.trimBox;
  const trimW = 2 * g.trimWidthIn + g.spineIn;
  if (!trim || Math.abs((trim.x1 - trim.x0) / PT_PER_IN - trimW) > SIZE_TOLERANCE_IN || Math.abs((trim.y1 - trim.y0) / PT_PER_IN - g.trimHeightIn) > SIZE_TOLERANCE_IN) {
    return { rule, ok: false, severity: 'error', message: `sheet ${size(f.mediaBox)} as needed, but the TrimBox is ${trim ? size(trim) : 'missing'}, not ${trimW.toFixed(3)} × ${g.trimHeightIn.toFixed(3)} in` };
  }
  return { rule, ok: true, severity: 'error', message: `sheet ${size(f.mediaBox)}, trim ${size(trim)}: ${expected}` };
}

/** Every text item lies inside one of the safe areas. */
export function safeAreaRule(f: CoverFacts, g: CoverGeometry): Finding {
  const rule = 'cover-safe-area';
  const areas = safeAreas(g);
  const outside = f.text.filter((t) => !areas.some((a) => inside(t.box, a.box)));
  if (!f.text.length) return { rule, ok: false, severity: 'warning', message: 'no text on the cover: is the title an image?' };
  if (outside.length) {
    const shown = outside.slice(0, 3).map((t) => `"${t.str.slice(0, 30)}" at ${inch(t.box.x0)}, ${inch(t.box.y0)} in`).join('; ');
    return { rule, ok: false, severity: 'error', message: `${outside.length} pieces of text outside the safe area (${COVER_SAFETY_IN} in inside the trim, ${SPINE_FOLD_SAFETY_IN} in from the spine folds): ${shown}` };
  }
  return { rule, ok: true, severity: 'error', message: `all ${f.text.length} pieces of text ${COVER_SAFETY_IN} in inside the trim and ${SPINE_FOLD_SAFETY_IN} in from the spine folds` };
}

/** No text in the barcode area. */
export function barcodeRule(f: CoverFacts, g: CoverGeometry): Finding {
  const rule = 'cover-barcode';
  const box = barcodeBox(g);
  const where = `${BARCODE_IN.width} × ${BARCODE_IN.height} in, ${BARCODE_IN.fromSpine} in from the spine and ${BARCODE_IN.fromBottom} in from the foot of the back`;
  const inBox = f.text.filter((t) => overlaps(t.box, box));
  if (inBox.length) return { rule, ok: false, severity: 'error', message: `text in the barcode area (${where}): "${inBox[0].str.slice(0, 30)}"` };
  return { rule, ok: true, severity: 'error', message: `clear (${where})` };
}

/** The cover's findings: size, safe area, barcode area, then PDF/X, text colour and ink (a cover is printed in colour). */
export function coverRules(f: CoverFacts, g: CoverGeometry): Finding[] {
  return [coverSizeRule(f, g), safeAreaRule(f, g), barcodeRule(f, g), ...colourRules(f.colour, 'color', [Boolean(f.trimBox)])];
}
