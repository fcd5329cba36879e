/**
 * Colour rules over PdfFacts.colour: the PDF/X version and what it promises, the colour of the text
 * (RGB, rich black, colour in a black-and-white book) and the total ink (300 % at most).
 */
import type { Paper } from '../print-rules.ts';
import type { ColourFacts, PageColour, TextColour } from './facts.ts';
import type { Finding } from './preflight-rules.ts';

/** Total area coverage printers accept (IngramSpark, most offset presses on coated stock). */
export const MAX_INK_PERCENT = 300;

const pass = (rule: string, message: string, severity: Finding['severity'] = 'error'): Finding => ({ rule, ok: true, severity, message });
const fail = (rule: string, message: string, severity: Finding['severity'] = 'error'): Finding => ({ rule, ok: false, severity, message });

/** `pages 3, 4, 9 and 12 more` */
function pagesText(pages: number[]): string {
  const shown = pages.slice(0, 6).join(', ');
  return `${pages.length === 1 ? 'page' : 'pages'} ${shown}${pages.length > 6 ? ` and ${pages.length - 6} more` : ''}`;
}

const pagesWith = (c: ColourFacts, kinds: TextColour[]) => c.pages.filter((p) => kinds.some((k) => (p.text[k] ?? 0) > 0)).map((p) => p.number);

/** The PDF/X flavour the file claims, as printers name it: PDF/X-1a:2001 is version PDF/X-1:2001 with conformance PDF/X-1a:2001. */
export function pdfxName(c: ColourFacts): string | undefined {
  if (!c.pdfxVersion) return undefined;
  return c.pdfxVersion === 'PDF/X-1:2001' && c.pdfxConformance ? c.pdfxConformance : c.pdfxVersion;
}

/** Which PDF/X the file is, and whether it keeps what PDF/X-1a promises (PDF 1.3/1.4, output intent, TrimBox, no RGB). */
export function pdfxRule(c: ColourFacts, trimBoxes: boolean[]): Finding {
  const rule = 'pdfx';
  const flavour = pdfxName(c);
  if (!flavour) return pass(rule, 'not PDF/X: a plain PDF, which KDP and Lulu take; IngramSpark recommends PDF/X-1a:2001 (build with --pdfx)', 'warning');
  const intent = c.outputIntent ? `output intent ${c.outputIntent}` : 'no output intent';
  const what = `${flavour} (PDF ${c.pdfVersion ?? '?'}, ${intent})`;
  if (!/^PDF\/X-1a:200[13]$/.test(flavour)) return fail(rule, `${what}; IngramSpark recommends PDF/X-1a:2001`, 'warning');
  const problems: string[] = [];
  const maxVersion = flavour.endsWith('2001') ? 1.3 : 1.4;
  if (Number(c.pdfVersion) > maxVersion) problems.push(`PDF ${c.pdfVersion} where ${flavour} allows ${maxVersion} at most`);
  if (!c.outputIntent || !c.outputProfile) problems.push('the output intent or its ICC profile is missing');
  const noTrim = trimBoxes.flatMap((set, i) => (set ? [] : [i + 1]));
  if (noTrim.length) problems.push(`no TrimBox on ${pagesText(noTrim)}`);
  const rgb = c.pages.filter((p) => (['rgb', 'rgb-black', 'rgb-gray', 'other'] as const).some((k) => p.text[k]) || p.imageSpaces.some((s) => s === 'rgb' || s === 'lab' || s === 'other'));
  if (rgb.length) problems.push(`RGB or device-independent colour on ${pagesText(rgb.map((p) => p.number))} (only CMYK, grey and spot colours are allowed)`);
  return problems.length ? fail(rule, `claims ${what}, but ${problems.join('; ')}`) : pass(rule, what);
}

/** Text in K alone: no rich black (a registration risk on small type), no RGB or colour in a black-and-white book. */
export function textColourRule(c: ColourFacts, paper: Paper): Finding {
  const rule = 'text-colour';
  const blackAndWhite = paper !== 'color';
  const rich = pagesWith(c, ['rich-black']);
  if (rich.length) {
    return fail(rule, `rich black text (K with C, M and Y under it) on ${pagesText(rich)}: small type in four inks goes out of register; black text should be 100 % K`, blackAndWhite ? 'error' : 'warning');
  }
  const colour = pagesWith(c, ['cmyk', 'rgb', 'spot', 'other']);
  if (blackAndWhite && colour.length) return fail(rule, `coloured text on ${pagesText(colour)} of a black-and-white book: it prints as a screened grey`, pdfxName(c) ? 'error' : 'warning');
  const nearBlack = pagesWith(c, ['near-black']);
  if (blackAndWhite && nearBlack.length) return fail(rule, `near-black text (a dark grey, not 100 % black) on ${pagesText(nearBlack)}: a one-colour press screens it into dots; set text in pure black`, 'warning');
  const withText = c.pages.filter((p) => Object.keys(p.text).length).length;
  if (!withText) return pass(rule, 'no text');
  const kinds = new Set(c.pages.flatMap((p) => Object.keys(p.text)));
  const names: Record<string, string> = { black: '100 % black', gray: 'grey', 'near-black': 'near-black grey', cmyk: 'CMYK', 'rgb-black': 'RGB black', 'rgb-gray': 'RGB grey', rgb: 'RGB colour', spot: 'spot colour' };
  return pass(rule, `text in ${[...kinds].map((k) => names[k] ?? k).join(', ')} on ${withText} ${withText === 1 ? 'page' : 'pages'}; no rich black`);
}

/** The highest total ink of any vector colour, against MAX_INK_PERCENT. */
export function inkRule(c: ColourFacts): Finding {
  const rule = 'ink';
  const worst = c.pages.reduce<PageColour | undefined>((w, p) => (!w || p.maxInkPercent > w.maxInkPercent ? p : w), undefined);
  const images = c.pages.some((p) => p.imageSpaces.length) ? '; images not measured' : '';
  if (!worst || worst.maxInkPercent === 0) return pass(rule, `no CMYK or grey colours to measure${images}`);
  const over = c.pages.filter((p) => p.maxInkPercent > MAX_INK_PERCENT).map((p) => p.number);
  if (over.length) return fail(rule, `${worst.maxInkPercent} % total ink on page ${worst.number}; printers allow ${MAX_INK_PERCENT} % (${pagesText(over)} over)`);
  return pass(rule, `at most ${worst.maxInkPercent} % (page ${worst.number}); ${MAX_INK_PERCENT} % allowed${images}`);
}

/** The colour findings, or none when the colours could not be read. */
export function colourRules(c: ColourFacts | undefined, paper: Paper, trimBoxes: boolean[]): Finding[] {
  return c ? [pdfxRule(c, trimBoxes), textColourRule(c, paper), inkRule(c)] : [];
}
