/** The stylesheet of a printed document: tokens, font faces, the designer's CSS files, and the @page rules. */
import type { TemplateSet } from '../render-template.ts';
import { bookFonts, fontFaceCss, fontRoots } from '../fonts.ts';
import { confineCss } from '../confine-css.ts';
import { readText } from '../read-text.ts';
import { confinement } from '../resolve-resource.ts';
import { pageCss, type PageGeometry } from './page-geometry.ts';

const stderrWarn = (line: string) => void process.stderr.write(`${line}\n`);

/**
 * Reads css/NAME from the templates folders (a user's copy first); missing optional sheets are skipped.
 * Their url() and @import references go through the book's confinement (confine-css.ts).
 */
export function readCss(templates: TemplateSet, names: string[], medium: 'print' | 'epub' = 'print', warn: (line: string) => void = stderrWarn): string {
  const allowed = confinement([...templates.dirs, ...fontRoots(bookFonts(templates))]);
  return names
    .map((name) => templates.resolve(`css/${name}`))
    .filter((path): path is string => Boolean(path))
    .map((path) => `/* ${path.split('/').slice(-2).join('/')} */\n${confineCss(readText(path, warn), path, allowed, medium, warn)}`)
    .join('\n');
}

/** `theme.css`, when a templates folder has one, comes last: a theme restyles the book without copying print.css. */
export function printCss(templates: TemplateSet, geometry: PageGeometry | undefined, sheets = ['tokens.css', 'print.css', 'worksheets.css', 'theme.css']): string {
  return [fontFaceCss(bookFonts(templates)), readCss(templates, sheets), geometry ? pageCss(geometry) : ''].join('\n');
}
