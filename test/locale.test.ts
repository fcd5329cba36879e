/**
 * A book in Spanish (test/fixtures/locale-es: two chapters, callouts, a footnote, a worksheet, one
 * label overridden in book.yaml) prints every word Kindred adds in Spanish: in the PDF, the EPUB and
 * a handout. Built once; every assertion reads the same outputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from '../scripts/build.ts';
import { epubcheckFile } from './support/epubcheck.ts';
import { closeSharedBrowser, kindredIn, sharedBrowser, tempDir, type CliResult } from './support/cli.ts';

const run = promisify(execFile);
const FIXTURE = resolve(import.meta.dirname, 'fixtures', 'locale-es');
const out = tempDir('kindred-locale-');

/** XHTML text with its character references decoded (the EPUB writes é as &#xE9;). */
const decode = (xml: string) => xml.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&');
const flat = (text: string) => text.replace(/\s+/g, ' ');

let pdf = '';
const epub: Record<string, string> = {};
let epubcheck = '';
let handout = '';
let handouts: CliResult;
let unknownLabel: CliResult;

beforeAll(async () => {
  const outputs = await build({ manuscriptDir: FIXTURE, outDir: out, formats: ['pdf', 'epub'], profile: 'print', browser: sharedBrowser(), log: () => {} });
  const pdfPath = outputs.find((o) => o.format === 'pdf')!.path;
  const epubPath = outputs.find((o) => o.format === 'epub')!.path;
  handouts = await kindredIn(['handouts', '--manuscript', FIXTURE, '--out', out]);
  // The same book with a misspelt label.
  const broken = join(tempDir('kindred-locale-broken-'), 'book');
  cpSync(FIXTURE, broken, { recursive: true });
  writeFileSync(join(broken, 'book.yaml'), readFileSync(join(broken, 'book.yaml'), 'utf8').replace('  calloutTip: Pruébalo', '  calloutTip: Pruébalo\n  calloutTipp: Pruébalo'));
  unknownLabel = await kindredIn(['build', '--manuscript', broken, '--out', join(broken, 'dist')]);
  await closeSharedBrowser();

  pdf = flat((await run('pdftotext', [pdfPath, '-'])).stdout);
  handout = flat((await run('pdftotext', [join(out, 'handouts', 'check-in.pdf'), '-'])).stdout);
  const dir = join(out, 'epub');
  await run('unzip', ['-q', '-o', epubPath, '-d', dir]);
  for (const name of ['toc.xhtml', 'toc.ncx', 'chapter-1.xhtml', 'chapter-2.xhtml', 'copyright.xhtml', 'worksheets.xhtml', 'cover.xhtml', 'content.opf']) epub[name] = decode(readFileSync(join(dir, 'OEBPS', name), 'utf8'));
  epubcheck = (await epubcheckFile(epubPath)).output;
}, 300_000);


/** English words Kindred used to print whatever the language. */
const ENGLISH = /\b(Chapter|Contents|List of Worksheets|Worksheet \d|Partner [AB]|All rights reserved|Published by|Example|Research Insight|Back to|Start of Content|Title Page|Landmarks|Page \d+ of|From “)/;

describe('a book with language: es', () => {
  it('prints its PDF with Spanish labels: opener, contents, list of worksheets, callouts, notes, worksheet', () => {
    expect(pdf).toMatch(/cap[íÍ]tulo 1/i);
    for (const word of ['Índice', 'Lista de fichas de trabajo', 'Capítulo 2 · Rituales de pareja', 'Ficha 1 · Revisión semanal', 'Notas', 'Semana 1', 'Fecha', 'Publicado por Editorial Kindred']) expect(pdf).toContain(word);
    expect(pdf).toMatch(/ejemplo/i);
    expect(pdf).toMatch(/pareja a/i);
    expect(pdf).not.toMatch(ENGLISH);
  });

  it('writes an EPUB whose navigation, landmarks, chapters and notes are in Spanish, and that epubcheck passes', () => {
    const nav = epub['toc.xhtml'];
    expect(nav).toContain('<h1 id="toc-title">Índice</h1>');
    for (const landmark of ['Cubierta', 'Portada', 'Créditos', 'Lista de fichas de trabajo', 'Inicio del contenido']) expect(nav).toMatch(new RegExp(`epub:type="[a-z-]+" href="[^"]+">${landmark}</a>`));
    expect(nav).toContain('aria-label="Puntos de referencia"');
    expect(nav).toContain('Ficha 1 · Revisión semanal');
    expect(epub['toc.ncx']).toContain('<text>Números de página de la edición impresa</text>');
    expect(epub['chapter-1.xhtml']).toMatch(/<p class="chapter-number">(<span [^>]*\/>)?Capítulo 1<\/p>/);
    expect(epub['chapter-1.xhtml']).toMatch(/<h2 id="footnote-label">Notas<\/h2>/);
    expect(epub['chapter-1.xhtml']).toContain('aria-label="Volver a la nota 1"');
    expect(epub['chapter-1.xhtml']).toContain('Ejemplo');
    expect(epub['chapter-2.xhtml']).toContain('<span class="worksheet-label">Ficha 1</span>');
    expect(epub['worksheets.xhtml']).toContain('Capítulo 2 · Rituales de pareja');
    expect(epub['cover.xhtml']).toContain('aria-label="Cubierta de Más cerca, de Lucía Prieto"');
    for (const [name, text] of Object.entries(epub)) expect(text, name).not.toMatch(ENGLISH);
    expect(epubcheck).toMatch(/No errors or warnings detected/);
  });

  it('writes handouts with Spanish labels', () => {
    expect(handouts.code, handouts.stderr).toBe(0);
    for (const word of ['Pareja A', 'Pareja B', 'Fecha', 'Esta semana', 'Página 1 de 1', 'De «Más cerca: Un cuaderno para parejas», de Lucía Prieto']) expect(handout).toContain(word);
    expect(handout).not.toMatch(ENGLISH);
  });

  it('uses the label book.yaml overrides (calloutTip) in the PDF and the EPUB', () => {
    expect(pdf).toMatch(/pruébalo/i);
    expect(epub['chapter-1.xhtml']).toContain('Pruébalo');
    expect(pdf).not.toMatch(/consejo/i);
  });

  it('does not double the full stop of a copyright line that has one', () => {
    const line = 'Las fichas pueden fotocopiarse para uso con clientes. Todos los derechos reservados.';
    expect(pdf).toContain(line);
    expect(epub['copyright.xhtml']).toContain(line);
    expect(epub['content.opf']).toContain(`<dc:rights>© 2026 Lucía Prieto. ${line}</dc:rights>`);
    for (const text of [pdf, ...Object.values(epub)]) expect(text).not.toContain('clientes..');
  });

  it('makes an unknown label key an error at its line that lists the keys there are', () => {
    expect(unknownLabel.code).toBe(1);
    expect(unknownLabel.stderr).toMatch(/book\.yaml:14:3: unknown label "calloutTipp"/);
    expect(unknownLabel.stderr).toMatch(/calloutTip, calloutNote|calloutNote, calloutTip/);
    expect(unknownLabel.stderr).toContain('chapter, contents, worksheetList');
  });
});
