/**
 * The input side, without a browser: the one resolver every stage uses (escapes, symlinks, URLs),
 * the encodings every reader accepts, image checks and SVG sanitising, and the sliced-image preflight rule.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { confinement, isAllowedUrl, resolveReference } from '../scripts/resolve-resource.ts';
import { decodeText, stripControlCharacters } from '../scripts/read-text.ts';
import { inspectImage, sanitizeSvg } from '../scripts/inspect-image.ts';
import { readClients } from '../scripts/handouts/read-clients.ts';
import { imageBoundsRule } from '../scripts/preflight/preflight-rules.ts';
import type { PdfFacts } from '../scripts/preflight/facts.ts';
import { KindredError } from '../scripts/errors.ts';
import { verifyEpub } from '../scripts/epub/verify.ts';
import { tempDir } from './support/cli.ts';
import { png } from './support/png.ts';

const root = tempDir('kindred-confine-');
const ms = join(root, 'manuscript');
const outside = join(root, 'outside');
mkdirSync(join(ms, 'images'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(ms, 'images', 'a.png'), png(4, 4));
writeFileSync(join(outside, 'secret.png'), png(4, 4));
symlinkSync(join(outside, 'secret.png'), join(ms, 'images', 'link.png'));
symlinkSync(outside, join(ms, 'linked-folder'));
const chapter = join(ms, '01-one.md');
const c = confinement([ms]);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveReference: one confinement for every reader', () => {
  it('resolves a relative path inside the manuscript, %-escapes and all', () => {
    expect(resolveReference('images/a.png', chapter, c)).toEqual({ kind: 'file', path: join(ms, 'images', 'a.png') });
    expect(resolveReference('images/%61.png?v=1#x', chapter, c)).toEqual({ kind: 'file', path: join(ms, 'images', 'a.png') });
  });

  it('refuses every way out: .., %2e%2e, absolute paths, file: URLs, symlinked files and folders', () => {
    for (const ref of ['../outside/secret.png', '%2e%2e/outside/secret.png', join(outside, 'secret.png'), pathToFileURL(join(outside, 'secret.png')).href, 'images/link.png', 'linked-folder/secret.png', 'linked-folder/not-there.png']) {
      expect(resolveReference(ref, chapter, c).kind, ref).toBe('outside');
    }
    expect(resolveReference('images/link.png', chapter, c)).toMatchObject({ reason: expect.stringContaining('symbolic link') });
  });

  it('never treats a URL with a scheme, or a protocol-relative one, as a file', () => {
    for (const ref of ['http://127.0.0.1/a.png', 'https://example.com/a.png', '//example.com/a.png', 'ftp://x/y', 'javascript:alert(1)']) {
      expect(resolveReference(ref, chapter, c).kind, ref).toBe('remote');
    }
  });

  it('reports a missing file inside the manuscript as missing', () => {
    expect(resolveReference('images/none.png', chapter, c).kind).toBe('missing');
  });

  it('lets the browser load only data: and files under the roots, symlinks resolved', () => {
    expect(isAllowedUrl(pathToFileURL(join(ms, 'images', 'a.png')).href, c)).toBe(true);
    expect(isAllowedUrl('data:image/png;base64,AAAA', c)).toBe(true);
    expect(isAllowedUrl(pathToFileURL(join(ms, 'images', 'link.png')).href, c)).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1:9/x', c)).toBe(false);
  });
});

describe('reading text the author saved', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const bytes = (...parts: (number[] | Uint8Array)[]) => new Uint8Array(parts.flatMap((p) => [...p]));

  it('reads UTF-8 with and without a byte-order mark, and UTF-16 LE and BE with one', () => {
    expect(decodeText(enc('Café'), 'x')).toBe('Café');
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], enc('Café')), 'x')).toBe('Café');
    expect(decodeText(bytes([0xff, 0xfe], new Uint8Array(Buffer.from('Café', 'utf16le'))), 'x')).toBe('Café');
    expect(decodeText(bytes([0xfe, 0xff], new Uint8Array(Buffer.from('Café', 'utf16le').swap16())), 'x')).toBe('Café');
  });

  it('refuses Latin-1 at the line and column of the first bad byte, saying to save as UTF-8', () => {
    const error = (() => {
      try {
        decodeText(bytes(enc('line one\nna'), [0xef], enc('ve')), '/m/ch.md');
      } catch (e) {
        return e as KindredError;
      }
    })();
    expect(error).toBeInstanceOf(KindredError);
    expect(error!.format('/tmp')).toMatch(/^\/m\/ch\.md:2:3: the file is not UTF-8 .*Latin-1[\s\S]*Save the file as UTF-8/);
  });

  it('refuses a Latin-1 clients CSV the same way', () => {
    const csv = join(root, 'clients.csv');
    writeFileSync(csv, Buffer.from('couple,partner_a,partner_b,session_date,worksheets\nLee,Zoë,José,2026-01-01,check-in\n', 'latin1'));
    expect(() => readClients(csv, ['check-in'])).toThrow(/the file is not UTF-8/);
  });

  it('removes control characters with one warning per line, naming file:line:column', () => {
    const warnings: string[] = [];
    expect(stripControlCharacters('a\u0007b\nc\u001bd\u0085\ne\tf', '/m/x.md', (w) => warnings.push(w))).toBe('ab\ncd\ne\tf');
    expect(warnings).toEqual([expect.stringMatching(/x\.md:1:2: removed an invisible control character \(U\+0007\)/), expect.stringMatching(/x\.md:2:2: .*U\+001B/)]);
  });
});

describe('images are checked before any renderer sees them', () => {
  it('accepts a whole PNG and knows its size', () => {
    expect(inspectImage(png(30, 20))).toMatchObject({ ok: true, type: 'png', width: 30, height: 20 });
  });

  it('refuses a truncated PNG, an empty file and text named .png', () => {
    expect(inspectImage(png(30, 20).slice(0, 50))).toMatchObject({ ok: false, problem: expect.stringMatching(/truncated/) });
    expect(inspectImage(new Uint8Array())).toMatchObject({ ok: false });
    expect(inspectImage(new TextEncoder().encode('hello'))).toMatchObject({ ok: false });
  });

  it('sanitises SVG: no DOCTYPE, scripts, handlers, foreignObject or external references; local ones stay', () => {
    const result = sanitizeSvg(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e "x">]><svg width="10" height="10" onload="x()"><script>x()</script><foreignObject><div/></foreignObject><use href="#r"/><image href="http://127.0.0.1/x.png"/><rect id="r" style="fill:url(http://x/y)" width="5" height="5"/><style>@import url(http://x/y.css);</style></svg>`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.svg).not.toMatch(/DOCTYPE|ENTITY|script|onload|foreignObject|127\.0\.0\.1|http:\/\/x|@import/);
    expect(result.svg).toMatch(/<use href="#r"\/>/);
    expect(result.svg).toMatch(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});

describe('preflight: images sliced at the page edge', () => {
  const facts = (box: { x0: number; y0: number; x1: number; y1: number }) =>
    ({
      pages: [{ number: 1, mediaBox: { x0: 0, y0: 0, x1: 432, y1: 648 }, trimBox: { x0: 0, y0: 0, x1: 432, y1: 648 }, trimBoxSet: true, rotate: 0, annotations: [], blank: false }],
      images: [{ page: 1, id: 'img_p0_1', widthPx: 100, heightPx: 3000, drawnWidthPt: 30, drawnHeightPt: 900, dpi: 240, box }],
    }) as unknown as PdfFacts;

  it('fails an image drawn beyond the page (a sliced tall image)', () => {
    expect(imageBoundsRule(facts({ x0: 72, y0: -300, x1: 102, y1: 600 }))).toMatchObject({ ok: false, message: expect.stringMatching(/1 image cut off at the page edge .* page 1/) });
  });

  it('passes one inside the page', () => {
    expect(imageBoundsRule(facts({ x0: 72, y0: 72, x1: 102, y1: 572 })).ok).toBe(true);
  });
});

describe('the EPUB is verified before it is written', () => {
  const page = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>${body}</body></html>`;

  it('passes a sound book', () => {
    const files = new Map<string, string | Uint8Array>([
      ['OEBPS/a.xhtml', page('<p id="x"><a href="b.xhtml#y">b</a> <img src="images/i.png" alt=""/> <a href="https://example.com/">w</a></p>')],
      ['OEBPS/b.xhtml', page('<p id="y"><a href="#y">self</a></p>')],
      ['OEBPS/images/i.png', png(2, 2)],
    ]);
    expect(verifyEpub(files)).toEqual([]);
  });

  it('names every problem epubcheck would reject', () => {
    const files = new Map<string, string | Uint8Array>([['OEBPS/a.xhtml', page('<p id="x">a\u0007</p><p id="x"><a href="gone.xhtml">g</a><a href="#nowhere">n</a><img src="../../etc/x.png" alt=""/></p><b>')]]);
    const problems = verifyEpub(files).join('\n');
    for (const expected of [/not well-formed XML/, /control character/, /id "x" is used twice/, /gone\.xhtml" points at a file that is not in the book/, /#nowhere" points at an id/, /etc\/x\.png" points at a file/]) expect(problems).toMatch(expected);
  });
});
