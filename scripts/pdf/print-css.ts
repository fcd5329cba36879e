/** The stylesheet of a printed document: tokens, font faces, the designer's CSS files, and the @page rules. */
import type { TemplateSet } from '../render-template.ts';
import { bookFonts, fontFaceCss, fontRoots } from '../fonts.ts';
import { confineCss } from '../confine-css.ts';
import { readText } from '../read-text.ts';
import { confinement } from '../resolve-resource.ts';
import { pageCss, type PageGeometry } from './page-geometry.ts';

const stderrWarn = (line: string) => void process.stderr.write(`${line}\n`);

/** Each log hears a stylesheet's warning once, however many documents (handouts, packets) read the sheet. */
const heard = new WeakMap<(line: string) => void, Set<string>>();
function once(warn: (line: string) => void): (line: string) => void {
  const lines = heard.get(warn) ?? new Set<string>();
  heard.set(warn, lines);
  return (line) => {
    if (lines.has(line)) return;
    lines.add(line);
    warn(line);
  };
}

/**
 * Reads css/NAME from the templates folders (a user's copy first); missing optional sheets are skipped.
 * Their url() and @import references go through the book's confinement (confine-css.ts).
 */
export function readCss(templates: TemplateSet, names: string[], medium: 'print' | 'epub' = 'print', warn: (line: string) => void = stderrWarn): string {
  const allowed = confinement([...templates.dirs, ...fontRoots(bookFonts(templates))]);
  const say = once(warn);
  return names
    .map((name) => templates.resolve(`css/${name}`))
    .filter((path): path is string => Boolean(path))
    .map((path) => `/* ${path.split('/').slice(-2).join('/')} */\n${confineCss(readText(path, say), path, allowed, medium, say)}`)
    .join('\n');
}

/** `theme.css`, when a templates folder has one, comes last: a theme restyles the book without copying print.css. */
export function printCss(templates: TemplateSet, geometry: PageGeometry | undefined, warn: (line: string) => void = stderrWarn): string {
  const sheets = ['tokens.css', 'print.css', 'worksheets.css', 'theme.css'];
  return [fontFaceCss(bookFonts(templates)), readCss(templates, sheets, 'print', warn), geometry ? pageCss(geometry) : ''].join('\n');
}
