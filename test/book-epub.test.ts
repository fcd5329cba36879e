/** The real book as EPUB: epubcheck clean, every sentence of the article, chapters in the navigation. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { epubcheckFile } from './support/epubcheck.ts';
import { missingInOrder, seedKeywords, seedSentences } from './support/seed.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

const epubPath = () => join(sample.dir, 'closer.epub');
let zip: JSZip;
let opf: string;
let nav: string;
let spineText: string;

const stripTags = (xhtml: string) =>
  xhtml
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');

beforeAll(async () => {
  zip = await JSZip.loadAsync(readFileSync(epubPath()));
  const container = await zip.file('META-INF/container.xml')!.async('string');
  const opfPath = /full-path="([^"]+)"/.exec(container)![1];
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  opf = await zip.file(opfPath)!.async('string');
  const navHref = /<item [^>]*properties="[^"]*\bnav\b[^"]*"[^>]*>/.exec(opf)![0].match(/href="([^"]+)"/)![1];
  nav = await zip.file(base + navHref)!.async('string');
  const manifest = new Map([...opf.matchAll(/<item [^>]*>/g)].map((m) => [m[0].match(/id="([^"]+)"/)![1], m[0].match(/href="([^"]+)"/)![1]]));
  const spine = [...opf.matchAll(/<itemref [^>]*idref="([^"]+)"/g)].map((m) => manifest.get(m[1])!);
  const texts = await Promise.all(spine.map((href) => zip.file(base + decodeURIComponent(href))!.async('string')));
  spineText = texts.map(stripTags).join(' ');
});

describe('the EPUB', () => {
  it('passes epubcheck with no errors and no warnings', async () => {
    const result = await epubcheckFile(epubPath());
    expect(result.output, result.output).toMatch(/Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
    expect(result.code).toBe(0);
  });

  it('starts with an uncompressed mimetype entry', () => {
    const bytes = readFileSync(epubPath());
    expect(bytes.subarray(30, 38).toString()).toBe('mimetype');
    expect(bytes.readUInt16LE(8)).toBe(0); // stored, not deflated
  });

  it('contains every sentence of the seed article, in order', () => {
    expect(missingInOrder(seedSentences(), spineText)).toEqual([]);
  });

  it('lists the nine chapters in its navigation', () => {
    const titles = [...nav.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => stripTags(m[1]).trim());
    for (const title of ['Introduction', 'Types of Intimacy', 'The Importance of Intimacy in Relationships', 'Common Myths About Intimacy', 'Signs of Healthy vs. Unhealthy Intimacy', 'How to Build and Improve Intimacy', 'Intimacy Challenges in the Modern World', 'When Intimacy Fades: What to Do', 'Final Thoughts']) {
      expect(titles.some((t) => t.includes(title)), title).toBe(true);
    }
  });

  it('carries language, identifier, description and one dc:subject per keyword', () => {
    expect(opf).toMatch(/<dc:language>en<\/dc:language>/);
    expect(opf).toMatch(/<dc:identifier[^>]*>urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toMatch(/<dc:description>[^<]{20,}<\/dc:description>/);
    for (const keyword of seedKeywords()) expect(opf).toContain(`<dc:subject>${keyword}</dc:subject>`);
    expect(spineText).not.toContain('Suggested SEO Keywords');
  });

  it('has a cover image and embeds the book fonts', () => {
    expect(opf).toMatch(/properties="[^"]*cover-image/);
    const fonts = Object.keys(zip.files).filter((f) => /\.(woff2?|ttf|otf)$/.test(f));
    expect(fonts.length).toBeGreaterThanOrEqual(4);
  });
});
