/** Page geometry derived from the facts: bleed per side and the margins the text actually keeps. */
import { PT_PER_IN } from '../print-rules.ts';
import type { Box, PageFacts } from './facts.ts';

/** Inches, rounded to the thousandth, written without trailing zeros: 0.21, 0.375, 8.5. */
export function inches(pt: number): string {
  return String(Math.round((pt / PT_PER_IN) * 1000) / 1000);
}

/** Odd pages are right-hand pages: they bind on the left. */
export function bindsLeft(pageNumber: number): boolean {
  return pageNumber % 2 === 1;
}

export interface Sides {
  inside: number;
  outside: number;
  top: number;
  bottom: number;
}

function sides(page: PageFacts, outer: Box, inner: Box): Sides {
  const left = inner.x0 - outer.x0;
  const right = outer.x1 - inner.x1;
  const binding = bindsLeft(page.number);
  return { inside: binding ? left : right, outside: binding ? right : left, top: outer.y1 - inner.y1, bottom: inner.y0 - outer.y0 };
}

/** Bleed per side in points: the MediaBox beyond the TrimBox. */
export function bleedSides(page: PageFacts): Sides {
  return sides(page, page.mediaBox, page.trimBox);
}

/** Margins of the text from the trim edges in points; undefined on pages without text. */
export function textMargins(page: PageFacts): Sides | undefined {
  return page.textBox ? sides(page, page.trimBox, page.textBox) : undefined;
}

/** A box's width in points. */
export const width = (b: Box) => b.x1 - b.x0;
/** A box's height in points. */
export const height = (b: Box) => b.y1 - b.y0;

/** `8.5 × 11 in` */
export function sizeText(b: Box): string {
  return `${inches(width(b))} × ${inches(height(b))} in`;
}
