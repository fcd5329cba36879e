/** The stylesheet of a printed document: tokens, font faces, the designer's CSS files, and the @page rules. */
import { readFileSync } from 'node:fs';
import type { TemplateSet } from '../render-template.ts';
import { bookFonts, fontFaceCss } from '../fonts.ts';
import { pageCss, type PageGeometry } from './page-geometry.ts';

/** Reads css/NAME from the templates folders (a user's copy first); missing optional sheets are skipped. */
export function readCss(templates: TemplateSet, names: string[]): string {
  return names
    .map((name) => templates.resolve(`css/${name}`))
    .filter((path): path is string => Boolean(path))
    .map((path) => `/* ${path.split('/').slice(-2).join('/')} */\n${readFileSync(path, 'utf8')}`)
    .join('\n');
}

/** `theme.css`, when a templates folder has one, comes last: a theme restyles the book without copying print.css. */
export function printCss(templates: TemplateSet, geometry: PageGeometry | undefined, sheets = ['tokens.css', 'print.css', 'worksheets.css', 'theme.css']): string {
  return [fontFaceCss(bookFonts(templates)), readCss(templates, sheets), geometry ? pageCss(geometry) : ''].join('\n');
}
