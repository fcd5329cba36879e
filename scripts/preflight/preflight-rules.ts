/**
 * Print-on-demand rules as pure functions over PdfFacts (numbers from shared/docs/print-specs.md, KDP first).
 * Every check yields a finding, passed or not, so the report shows the figures either way.
 */
import { PAPER_THICKNESS_IN, SPINE_TEXT_MIN_PAGES, spineWidthIn, type Paper } from '../print-rules.ts';
import type { Finding, PdfFacts } from './facts.ts';
import { height, inches, sizeText, width } from './measure.ts';
import { bleedRule, blankPagesRule, gutterRule, outerMarginRules } from './margin-rules.ts';
import { colourRules } from './colour-rules.ts';


export interface PreflightOptions {
  paper: Paper;
}

const pass = (rule: string, message: string, severity: Finding['severity'] = 'error'): Finding => ({ rule, ok: true, severity, message });
const fail = (rule: string, message: string, severity: Finding['severity'] = 'error'): Finding => ({ rule, ok: false, severity, message });

const KDP_MIN_PAGES = 24;
const KDP_MAX_PAGES = 828;
const MIN_DPI = 300;

/** `1 font`, `3 fonts` */
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function list(items: string[], max = 4): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

function tally(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => `${c} ${n}`).join(', ');
}

/** Even page count (printers bind sheets), at least 24 pages (KDP). */
export function pageCountRules(facts: PdfFacts): Finding[] {
  const n = facts.pageCount;
  return [
    n % 2 === 0 ? pass('page-count', `${n} pages, an even number`) : fail('page-count', `${n} pages: print-on-demand needs an even page count (add a blank last page)`),
    n < KDP_MIN_PAGES
      ? fail('page-count-kdp', `${n} pages: KDP prints paperbacks of ${KDP_MIN_PAGES} pages or more`, 'warning')
      : n > KDP_MAX_PAGES
        ? fail('page-count-kdp', `${n} pages: KDP prints paperbacks of at most ${KDP_MAX_PAGES} pages`, 'warning')
        : pass('page-count-kdp', `within KDP's ${KDP_MIN_PAGES}–${KDP_MAX_PAGES} pages`, 'warning'),
  ];
}

/** Every page has the same sheet (MediaBox) and trim (TrimBox) size. */
export function pageSizeRule(facts: PdfFacts): Finding {
  const [first, ...rest] = facts.pages;
  if (!first) return fail('page-size', 'the PDF has no pages');
  const same = (a: typeof first.mediaBox, b: typeof first.mediaBox) => Math.abs(width(a) - width(b)) < 0.5 && Math.abs(height(a) - height(b)) < 0.5;
  const odd = rest.find((p) => !same(p.mediaBox, first.mediaBox) || !same(p.trimBox, first.trimBox));
  if (odd) return fail('page-size', `page ${odd.number} is ${sizeText(odd.trimBox)} (sheet ${sizeText(odd.mediaBox)}), page 1 is ${sizeText(first.trimBox)} (sheet ${sizeText(first.mediaBox)})`);
  const trim = first.trimBoxSet ? 'TrimBox' : 'no TrimBox, MediaBox taken as trim';
  const rotated = facts.pages.filter((p) => p.rotate % 360 !== 0).length;
  return pass('page-size', `trim ${sizeText(first.trimBox)} (${trim}), sheet ${sizeText(first.mediaBox)}, the same on all ${facts.pageCount} pages${rotated ? `; ${rotated} pages rotated` : ''}`);
}

/** Every font embedded; no Type 3 fonts (printers reject them; Chromium makes them from synthetic styles). */
export function fontRules(facts: PdfFacts): Finding[] {
  const unembedded = facts.fonts.filter((f) => !f.embedded).map((f) => `${f.name} (${f.subtype}, page ${f.firstPage})`);
  const type3 = facts.fonts.filter((f) => f.subtype === 'Type3').map((f) => `${f.name} (page ${f.firstPage})`);
  const kinds = tally(facts.fonts.map((f) => (f.descendant ? `${f.subtype}/${f.descendant}` : f.subtype)));
  return [
    unembedded.length
      ? fail('fonts-embedded', `${unembedded.length} of ${count(facts.fonts.length, 'font')} not embedded: ${list(unembedded)}`)
      : pass('fonts-embedded', `${facts.fonts.length === 1 ? 'the only font' : `all ${facts.fonts.length} fonts`} embedded${kinds ? ` (${kinds})` : ''}`),
    type3.length
      ? fail('fonts-type3', `${count(type3.length, 'Type 3 font')}: ${list(type3)} — load every weight and style the CSS uses`)
      : pass('fonts-type3', 'no Type 3 fonts'),
  ];
}

/** Images at 300 DPI or more as drawn. */
export function imageRule(facts: PdfFacts): Finding {
  if (!facts.images.length) return pass('images', 'no images', 'warning');
  const low = facts.images.filter((i) => i.dpi < MIN_DPI - 0.5).sort((a, b) => a.dpi - b.dpi);
  const lowest = Math.round(Math.min(...facts.images.map((i) => i.dpi)));
  if (!low.length) return pass('images', `${count(facts.images.length, 'image')}, the lowest at ${lowest} DPI`, 'warning');
  const w = low[0];
  return fail('images', `${low.length} of ${count(facts.images.length, 'image')} below ${MIN_DPI} DPI; the lowest on page ${w.page}: ${w.widthPx} × ${w.heightPx} px drawn ${inches(w.drawnWidthPt)} × ${inches(w.drawnHeightPt)} in = ${Math.round(w.dpi)} DPI`, 'warning');
}

/**
 * No image runs off the page: Chromium slices an image taller than the page across two, and drawing
 * beyond the bleed (or the trim, without bleed) loses part of it.
 */
export function imageBoundsRule(facts: PdfFacts): Finding {
  const off = facts.images.filter((image) => {
    const page = facts.pages[image.page - 1];
    const limit = page?.bleedBox ?? page?.trimBox;
    const b = image.box;
    return Boolean(limit && b && (b.x0 < limit.x0 - 1 || b.y0 < limit.y0 - 1 || b.x1 > limit.x1 + 1 || b.y1 > limit.y1 + 1));
  });
  if (!off.length) return pass('image-bounds', facts.images.length ? 'every image lies within the page' : 'no images');
  const pages = [...new Set(off.map((i) => String(i.page)))];
  return fail('image-bounds', `${count(off.length, 'image')} cut off at the page edge (sliced) on ${pages.length === 1 ? 'page' : 'pages'} ${list(pages, 6)}; scale them to fit the text block`);
}

/** A print interior carries no annotations, bookmarks, form fields, JavaScript or encryption. */
export function interactiveRules(facts: PdfFacts): Finding[] {
  const annotated = facts.pages.filter((p) => p.annotations.length);
  const all = annotated.flatMap((p) => p.annotations);
  const js = facts.javascript;
  return [
    all.length
      ? fail('annotations', `${count(all.length, 'annotation')} (${tally(all)}) on ${annotated.length === 1 ? 'page' : 'pages'} ${list(annotated.map((p) => String(p.number)), 6)}; print files must have none`)
      : pass('annotations', 'none'),
    facts.bookmarks ? fail('bookmarks', `${count(facts.bookmarks, 'top-level bookmark')}; KDP wants none in the print file`) : pass('bookmarks', 'none'),
    facts.formFields ? fail('forms', `${count(facts.formFields, 'form field')}; a print file must be flat`) : pass('forms', 'no form fields'),
    js.length ? fail('javascript', `JavaScript in ${js.join(', ')}`) : pass('javascript', 'none'),
    facts.encrypted ? fail('encryption', 'the PDF is encrypted; print-on-demand needs an unencrypted file') : pass('encryption', 'not encrypted'),
  ];
}

/** The spine for this page count and paper, and whether it may carry text. Always passes: a figure for the cover. */
export function spineRule(facts: PdfFacts, paper: Paper): Finding {
  const n = facts.pageCount;
  const spine = spineWidthIn(n, paper).toFixed(3);
  const text = n >= SPINE_TEXT_MIN_PAGES ? 'spine text allowed' : `no spine text below ${SPINE_TEXT_MIN_PAGES} pages`;
  return pass('spine', `${spine} in on ${paper} paper (${n} × ${PAPER_THICKNESS_IN[paper]} in); ${text}`, 'warning');
}

/** Runs every rule, in the order the report shows them. */
export function preflight(facts: PdfFacts, options: PreflightOptions): Finding[] {
  return [
    ...pageCountRules(facts),
    pageSizeRule(facts),
    bleedRule(facts),
    gutterRule(facts),
    ...outerMarginRules(facts),
    blankPagesRule(facts),
    ...fontRules(facts),
    imageRule(facts),
    imageBoundsRule(facts),
    ...interactiveRules(facts),
    ...colourRules(facts.colour, options.paper, facts.pages.map((p) => p.trimBoxSet)),
    spineRule(facts, options.paper),
  ];
}

/** True when no error-severity rule failed. */
export function passes(findings: Finding[]): boolean {
  return findings.every((f) => f.ok || f.severity === 'warning');
}
export type { Finding } from './facts.ts';
