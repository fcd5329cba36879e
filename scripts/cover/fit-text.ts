/**
 * Fits the cover's type in the browser: every element the template marks `data-fit` shrinks (4 % a step,
 * down to a third of its size) until no word overflows it and it has at most `data-fit-lines` lines, or,
 * with `data-fit="box"`, until its content fits its box. Measured on the laid-out page, with the real fonts.
 */
import type { Page } from 'puppeteer-core';

export interface FitResult {
  /** The element's class, e.g. "title". */
  name: string;
  /** Font size before and after, CSS px. */
  fromPx: number;
  toPx: number;
  fits: boolean;
}

/** Runs the fitting on a loaded page (fonts ready) and returns what changed. */
export function fitText(page: Page): Promise<FitResult[]> {
  return page.evaluate(() => {
    const results: { name: string; fromPx: number; toPx: number; fits: boolean }[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-fit]'))) {
      const box = el.dataset.fit === 'box';
      const maxLines = Number(el.dataset.fitLines || 3);
      const from = Number.parseFloat(getComputedStyle(el).fontSize);
      const fits = () => {
        if (el.scrollWidth > el.clientWidth + 0.5) return false;
        if (box) return el.scrollHeight <= el.clientHeight + 0.5;
        const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || Number.parseFloat(getComputedStyle(el).fontSize) * 1.2;
        return Math.round(el.getBoundingClientRect().height / lineHeight) <= maxLines;
      };
      let size = from;
      while (!fits() && size > from / 3) {
        size *= 0.96;
        el.style.fontSize = `${size}px`;
      }
      results.push({ name: el.className, fromPx: from, toPx: size, fits: fits() });
    }
    return results;
  });
}
