/** What a user relies on around the outputs: the screen profile, atomic writes, a clear word when the browser is missing. */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { PDFArray, PDFDocument, PDFName } from 'pdf-lib';
import { kindred, ROOT } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';
import { png } from './support/png.ts';
import { pdfFonts } from './support/pdf-text.ts';

const CHAPTER = `# One\n\nSee [the second part](#two).\n\n## Two\n\n${'Intimacy is built one honest moment at a time. '.repeat(200)}\n`;

describe('the screen profile', () => {
  it('has bookmarks, live links and a structure tree; the print profile has none of them', async () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const screen = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf', '--profile', 'screen', '--no-cache'], { cwd: dir });
    expect(screen.code, screen.stderr).toBe(0);
    const doc = await PDFDocument.load(readFileSync(join(dir, 'dist', 'test-book-screen.pdf')));
    expect(doc.catalog.get(PDFName.of('Outlines'))).toBeDefined();
    expect(doc.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    const annotations = doc.getPages().reduce((n, p) => n + (p.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.size() ?? 0), 0);
    expect(annotations).toBeGreaterThanOrEqual(3); // the contents' entries and the cross-reference
    expect(execFileSync('pdfinfo', [join(dir, 'dist', 'test-book-screen.pdf')], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    // No marker links survive into the reader's file.
    expect(readFileSync(join(dir, 'dist', 'test-book-screen.pdf')).includes('kindred:marker')).toBe(false);
  });
});

describe('atomic outputs', () => {
  it('a failed build leaves the last good PDF untouched and no temporary files', () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const out = join(dir, 'dist');
    expect(kindred(['build', '--manuscript', dir, '--out', out, '--format', 'pdf'], { cwd: dir }).code).toBe(0);
    const good = readFileSync(join(out, 'test-book.pdf'));
    writeFileSync(join(dir, '01-one.md'), CHAPTER + '\n![missing](pictures/nowhere.png)\n');
    const failed = kindred(['build', '--manuscript', dir, '--out', out, '--format', 'pdf'], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/01-one\.md:\d+:1: image not found: pictures\/nowhere\.png/);
    expect(readFileSync(join(out, 'test-book.pdf')).equals(good)).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an interrupted build (SIGTERM while printing) leaves the last good PDF and exits 143', async () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const out = join(dir, 'dist');
    expect(kindred(['build', '--manuscript', dir, '--out', out, '--format', 'pdf'], { cwd: dir }).code).toBe(0);
    const good = readFileSync(join(out, 'test-book.pdf'));
    writeFileSync(join(dir, '01-one.md'), CHAPTER.repeat(150).replace(/^# One$/gm, '## One again').replace(/^## One again/, '# One'));
    const child = spawn(process.execPath, [join(ROOT, 'scripts/bin/kindred.js'), 'build', '--manuscript', dir, '--out', out, '--format', 'pdf', '--no-cache'], { cwd: dir });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('printing')) child.kill('SIGTERM');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, stderr).toBe(143);
    expect(readFileSync(join(out, 'test-book.pdf')).equals(good)).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('PDF/X', () => {
  it('--pdfx converts to PDF/X-1a:2001 with an output intent, fonts still embedded', async () => {
    const dir = manuscript({ '01-one.md': CHAPTER });
    const result = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf', '--pdfx'], { cwd: dir });
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
    const result = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf'], { cwd: dir });
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
