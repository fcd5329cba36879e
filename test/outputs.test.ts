/** What a user relies on around the outputs: the screen profile, atomic writes, a clear word when the browser is missing. */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { PDFArray, PDFDocument, PDFName } from 'pdf-lib';
import { kindred, kindredIn } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';
import { png } from './support/png.ts';
import { pdfFonts } from './support/pdf-text.ts';

const CHAPTER = `# One\n\nSee [the second part](#two).\n\n## Two\n\n${'Intimacy is built one honest moment at a time. '.repeat(200)}\n`;

describe('the screen profile', () => {
  it('has bookmarks, live links and a structure tree for assistive technology; the print profile has none of them', async () => {
    const dir = manuscript({ '01-one.md': `${CHAPTER}\n- a first item\n- a second item\n\n**Strong** words and *emphasis*.\n\n![Two chairs facing each other](chairs.png)\n` });
    writeFileSync(join(dir, 'chairs.png'), png(40, 30));
    const screen = await kindredIn(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf', '--profile', 'screen', '--no-cache'], { cwd: dir });
    expect(screen.code, screen.stderr).toBe(0);
    const doc = await PDFDocument.load(readFileSync(join(dir, 'dist', 'test-book-screen.pdf')));
    expect(doc.catalog.get(PDFName.of('Outlines'))).toBeDefined();
    expect(doc.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    const annotations = doc.getPages().reduce((n, p) => n + (p.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.size() ?? 0), 0);
    expect(annotations).toBeGreaterThanOrEqual(3); // the contents' entries and the cross-reference
    expect(execFileSync('pdfinfo', [join(dir, 'dist', 'test-book-screen.pdf')], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    // No marker links survive into the reader's file.
    expect(readFileSync(join(dir, 'dist', 'test-book-screen.pdf')).includes('kindred:marker')).toBe(false);

    // For assistive technology (read back with qpdf): XMP with title, language and PDF/UA id; every
    // structure type standard or role-mapped; every link described; list items as Lbl + LBody; figures with /Alt.
    const objects = Object.values(JSON.parse(execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', join(dir, 'dist', 'test-book-screen.pdf')], { encoding: 'utf8', maxBuffer: 64 << 20 })).qpdf[1]) as {
      value?: Record<string, unknown>;
      stream?: { dict: Record<string, unknown>; data?: string };
    }[];
    const dicts = objects.map((o) => o.value ?? o.stream?.dict ?? {});
    const catalog = dicts.find((d) => d['/Type'] === '/Catalog')!;
    expect(catalog['/ViewerPreferences']).toMatchObject({ '/DisplayDocTitle': true });
    const xmp = objects.find((o) => o.stream?.dict['/Type'] === '/Metadata' && o.stream.dict['/Subtype'] === '/XML');
    const xmpText = Buffer.from(xmp!.stream!.data!, 'base64').toString('utf8');
    expect(xmpText).toMatch(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Test Book<\/rdf:li>/);
    expect(xmpText).toContain('<rdf:li>en</rdf:li>');
    expect(xmpText).toContain('<pdfuaid:part>1</pdfuaid:part>');
    const roleMap = (dicts.find((d) => d['/Type'] === '/StructTreeRoot')!['/RoleMap'] ?? {}) as Record<string, string>;
    const standard = new Set('/Document /Part /Art /Sect /Div /BlockQuote /Caption /TOC /TOCI /Index /NonStruct /Private /P /H /H1 /H2 /H3 /H4 /H5 /H6 /L /LI /Lbl /LBody /Table /TR /TH /TD /THead /TBody /TFoot /Span /Quote /Note /Reference /BibEntry /Code /Link /Annot /Ruby /RB /RT /RP /Warichu /WT /WP /Figure /Formula /Form'.split(' '));
    const elements = dicts.filter((d) => d['/Type'] === '/StructElem');
    const types = new Set(elements.map((e) => String(e['/S'])));
    expect(types).toContain('/Strong');
    expect([...types].filter((t) => !standard.has(t) && !standard.has(roleMap[t]))).toEqual([]);
    const links = dicts.filter((d) => d['/Subtype'] === '/Link');
    expect(links.length).toBeGreaterThanOrEqual(3);
    expect(links.filter((l) => !String(l['/Contents'] ?? '').replace(/^u:/, '').trim())).toEqual([]);
    // Named by where they lead: the contents' entries and the cross-reference.
    expect(links.map((l) => l['/Contents'])).toEqual(['u:One', 'u:Two', 'u:Two']);
    const byRef = new Map(Object.entries(JSON.parse(execFileSync('qpdf', ['--json=2', join(dir, 'dist', 'test-book-screen.pdf')], { encoding: 'utf8', maxBuffer: 64 << 20 })).qpdf[1] as Record<string, { value?: Record<string, unknown> }>));
    const items = elements.filter((e) => e['/S'] === '/LI');
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) {
      const kids = ([] as unknown[]).concat(item['/K']).map((k) => String(byRef.get(`obj:${k}`)?.value?.['/S']));
      expect(kids.every((k) => k === '/Lbl' || k === '/LBody'), kids.join(' ')).toBe(true);
      expect(kids).toContain('/LBody');
    }
    expect(elements.filter((e) => e['/S'] === '/Figure').map((e) => e['/Alt'])).toEqual(['u:Two chairs facing each other']);
  });
});

describe('atomic outputs', () => {
  it('a failed build leaves the last good PDF untouched and no temporary files', async () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const out = join(dir, 'dist');
    expect((await kindredIn(['build', '--manuscript', dir, '--out', out, '--format', 'pdf'], { cwd: dir })).code).toBe(0);
    const good = readFileSync(join(out, 'test-book.pdf'));
    writeFileSync(join(dir, '01-one.md'), CHAPTER + '\n![missing](pictures/nowhere.png)\n');
    const failed = await kindredIn(['build', '--manuscript', dir, '--out', out, '--format', 'pdf'], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/01-one\.md:\d+:1: image not found: pictures\/nowhere\.png/);
    expect(readFileSync(join(out, 'test-book.pdf')).equals(good)).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('PDF/X', () => {
  it('--pdfx converts to PDF/X-1a:2001 with an output intent, fonts still embedded', async () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const result = await kindredIn(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf', '--pdfx'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(join(dir, 'dist', 'test-book.pdf'));
    expect(bytes.includes('GTS_PDFX')).toBe(true);
    expect(bytes.includes('PDF/X-1a:2001')).toBe(true);
    const fonts = pdfFonts(join(dir, 'dist', 'test-book.pdf'));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => /Type 3/.test(f.type) || !f.embedded)).toEqual([]);
  });

  it('names the package to install when Ghostscript is missing', () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const result = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf', '--pdfx'], { cwd: dir, env: { PATH: '/nonexistent' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--pdfx needs Ghostscript');
    expect(result.stderr).toContain('apt-get install ghostscript');
  });
});

describe('images in print', () => {
  it('embeds a local image and warns when it prints below 300 DPI', async () => {
    const dir = manuscript({ '01-one.md': '# One\n\n![Two people walking](walk.png)\n\nText.\n' });
    writeFileSync(join(dir, 'walk.png'), png(120, 80));
    const result = await kindredIn(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: an image on page \d+ prints at \d+ DPI \(120 × 80 px/);
  });
});

describe('finding the browser', () => {
  it('says how to get one when KINDRED_CHROME points nowhere', () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const result = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf'], { cwd: dir, env: { KINDRED_CHROME: '/nonexistent/chrome' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KINDRED_CHROME points at /nonexistent/chrome');
    expect(result.stderr).toContain('apt-get install chromium');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'dist', 'test-book.pdf'))).toBe(false);
  });
});
