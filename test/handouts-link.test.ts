/**
 * From the book to the handout: with `handouts.url` in book.yaml, each worksheet of the print PDF carries
 * its handout's link and a vector QR code that decodes to it, and the EPUB links to it; without it, the
 * EPUB points to the handouts generically, never to "the print edition".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../scripts/build.ts';
import { renderWorksheet } from '../scripts/worksheets/render-worksheet.ts';
import { epubcheckFile } from './support/epubcheck.ts';
import { kindredAsync } from './support/handout-pdf.ts';
import { ROOT, type CliResult } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';

// jsqr is a CommonJS bundle with `exports.default`: depending on the loader, the default import is the
// function or the module object.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const loaded = jsQRModule as unknown as Decode | { default: Decode };
const jsQR: Decode = typeof loaded === 'function' ? loaded : loaded.default;
const URL = 'https://example.org/closer/';
const CHAPTER = '# One\n\nSome text before the worksheet.\n\n::worksheet{template="check-in" data="worksheets/check-in.yaml"}\n';
const checkIn = readFileSync(join(ROOT, 'manuscript', 'worksheets', 'check-in.yaml'), 'utf8');
const BOOK = `title: Linked Book
author: Test Author
description: A book with handouts online.
identifier: urn:uuid:00000000-0000-4000-8000-000000000001
chapters:
  - 01-one.md
handouts:
  url: ${URL}
`;
const dir = manuscript({ 'book.yaml': BOOK, '01-one.md': CHAPTER, 'worksheets/check-in.yaml': checkIn });
const out = join(dir, 'dist');
let run: CliResult;

beforeAll(async () => {
  run = await kindredAsync(['build', '--manuscript', dir, '--out', out]);
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 1-based pages whose text holds `needle`. */
function pagesWith(pdf: string, needle: string): number[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  const found: number[] = [];
  for (let n = 1; n <= pages; n++) {
    if (execFileSync('pdftotext', ['-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' }).replace(/\u00ad/g, '').includes(needle)) found.push(n);
  }
  return found;
}

describe('with handouts.url', () => {
  it('the print PDF prints the link and a QR code that decodes to it', () => {
    expect(run.code, run.stderr).toBe(0);
    const pdf = join(out, 'linked-book.pdf');
    const link = `${URL}check-in.pdf`;
    const [page] = pagesWith(pdf, link);
    expect(page).toBeGreaterThan(0);
    const prefix = join(dir, 'qr');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
    const png = PNG.sync.read(readFileSync(`${prefix}.png`));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(link);
    // Vector: no image on that page (pdfimages lists none).
    expect(execFileSync('pdfimages', ['-list', '-f', String(page), '-l', String(page), pdf], { encoding: 'utf8' }).trim().split('\n').length).toBe(2);
  });

  it('the EPUB links the worksheet to its handout and passes epubcheck', async () => {
    const epub = join(out, 'linked-book.epub');
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const xhtml = (await Promise.all(Object.values(zip.files).filter((f) => f.name.endsWith('.xhtml')).map((f) => f.async('string')))).join('\n');
    expect(xhtml).toContain(`<a href="${URL}check-in.pdf">`);
    expect(xhtml).not.toMatch(/print edition/);
    expect((await epubcheckFile(epub)).output).toMatch(/No errors or warnings detected/);
  });
});

describe('without handouts.url', () => {
  it('the EPUB says a handout exists, and never sends the reader to the print edition', () => {
    const project = loadProject({ manuscriptDir: join(ROOT, 'manuscript'), log: () => {} });
    for (const worksheet of project.prepared.worksheets) {
      const html = renderWorksheet(worksheet, 'epub', project.templates);
      expect(html).not.toMatch(/print edition/);
      expect(html).toContain(`available as a printable, fillable handout: ask your counselor or the publisher for “${worksheet.title}”`);
      expect(html).not.toContain('ws-qr');
    }
  });
});
