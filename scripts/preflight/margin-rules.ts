/** Rules over the page geometry: gutter and outer margins of the text, bleed, blank pages. */
import { gutterMinimumIn, outerMinimumIn, PT_PER_IN } from '../print-rules.ts';
import type { Finding, PdfFacts } from './facts.ts';
import { bleedSides, inches, textMargins, type Sides } from './measure.ts';

// Half a thousandth of an inch: below what the report can show, above floating-point noise.
const EPS_PT = 0.0005 * PT_PER_IN;
const BLEED_PT = 0.125 * PT_PER_IN;

const near = (a: number, b: number) => Math.abs(a - b) < 0.005 * PT_PER_IN;

/** True when the pages bleed (outside, top and bottom beyond the trim). */
export function hasBleed(facts: PdfFacts): boolean {
  return facts.pages.some((p) => {
    const b = bleedSides(p);
    return b.outside > EPS_PT || b.top > EPS_PT || b.bottom > EPS_PT;
  });
}

/** Bleed is none or 0.125 in on the outside, top and bottom of every page (KDP; Lulu adds the inside). */
export function bleedRule(facts: PdfFacts): Finding {
  const rule = 'bleed';
  if (!hasBleed(facts)) return { rule, ok: true, severity: 'error', message: 'none (no MediaBox beyond the TrimBox)' };
  for (const page of facts.pages) {
    const b = bleedSides(page);
    const wrong = (['outside', 'top', 'bottom'] as const).find((side) => !near(b[side], BLEED_PT));
    if (wrong) {
      return { rule, ok: false, severity: 'error', message: `page ${page.number}: ${inches(b[wrong])} in at the ${wrong} edge; bleed must be 0.125 in on the outside, top and bottom` };
    }
  }
  const inside = bleedSides(facts.pages[0]).inside;
  const where = inside > EPS_PT ? `all four sides (${inches(inside)} in at the binding edge)` : 'the outside, top and bottom';
  return { rule, ok: true, severity: 'error', message: `0.125 in on ${where}` };
}

interface Worst {
  page: number;
  value: number;
  tooSmall: number;
}

function worst(facts: PdfFacts, side: keyof Sides, minimumPt: number): Worst | undefined {
  let result: Worst | undefined;
  let tooSmall = 0;
  for (const page of facts.pages) {
    const m = textMargins(page);
    if (!m) continue;
    if (m[side] < minimumPt - EPS_PT) tooSmall++;
    if (!result || m[side] < result.value) result = { page: page.number, value: m[side], tooSmall: 0 };
  }
  return result && { ...result, tooSmall };
}

const others = (w: Worst) => (w.tooSmall > 1 ? ` (${w.tooSmall} pages too narrow)` : '');

/** The text keeps the KDP gutter for this page count from the binding edge on every page. */
export function gutterRule(facts: PdfFacts): Finding {
  const rule = 'gutter';
  const neededIn = gutterMinimumIn(facts.pageCount);
  const needed = `${neededIn} in needed for ${facts.pageCount} pages`;
  const w = worst(facts, 'inside', neededIn * PT_PER_IN);
  if (!w) return { rule, ok: true, severity: 'error', message: `no text to measure; ${needed}` };
  if (w.tooSmall === 0) return { rule, ok: true, severity: 'error', message: `text keeps ${inches(w.value)} in from the binding edge at the least (page ${w.page}); ${needed}` };
  return { rule, ok: false, severity: 'error', message: `page ${w.page} text starts ${inches(w.value)} in from the binding edge; ${needed}${others(w)}` };
}

/** Outside, top and bottom margins: 0.25 in, 0.375 in when the pages bleed (KDP). */
export function outerMarginRules(facts: PdfFacts): Finding[] {
  const minimumIn = outerMinimumIn(hasBleed(facts));
  const edge = { outside: 'outside edge', top: 'top edge', bottom: 'bottom edge' } as const;
  return (['outside', 'top', 'bottom'] as const).map((side) => {
    const rule = `margin-${side}`;
    const needed = `${minimumIn} in needed${hasBleed(facts) ? ' with bleed' : ''}`;
    const w = worst(facts, side, minimumIn * PT_PER_IN);
    if (!w) return { rule, ok: true, severity: 'error', message: `no text to measure; ${needed}` };
    if (w.tooSmall === 0) return { rule, ok: true, severity: 'error', message: `${inches(w.value)} in at the least (page ${w.page}); ${needed}` };
    return { rule, ok: false, severity: 'error', message: `page ${w.page} text comes ${inches(w.value)} in from the ${edge[side]}; ${needed}${others(w)}` };
  });
}

/** KDP: at most 2 blank pages in a row at the start or in the middle, at most 10 at the end. */
export function blankPagesRule(facts: PdfFacts): Finding {
  const rule = 'blank-pages';
  const runs: { from: number; to: number }[] = [];
  for (const page of facts.pages) {
    if (!page.blank) continue;
    const last = runs.at(-1);
    if (last && last.to === page.number - 1) last.to = page.number;
    else runs.push({ from: page.number, to: page.number });
  }
  const total = runs.reduce((n, r) => n + r.to - r.from + 1, 0);
  const bad = runs.find((r) => r.to - r.from + 1 > (r.to === facts.pageCount ? 10 : 2));
  if (bad) {
    const limit = bad.to === facts.pageCount ? '10 at the end' : '2 in a row before the end';
    return { rule, ok: false, severity: 'warning', message: `pages ${bad.from}–${bad.to} are blank (${bad.to - bad.from + 1} in a row); KDP allows ${limit}` };
  }
  return { rule, ok: true, severity: 'warning', message: total ? `${total} blank, never more than allowed in a row` : 'none' };
}
