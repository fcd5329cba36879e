/** The EPUB writer over small rendered chapters: epubcheck, the zip, the package, the navigation, footnotes. */
import { tmpdir } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import GithubSlugger from 'github-slugger';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Root } from 'hast';
import type { Book } from '../scripts/load-book.ts';
import type { RenderedChapter } from '../scripts/book-model.ts';
import { bookFonts, declaredFaces } from '../scripts/fonts.ts';
import { writeEpub, type EpubInput } from '../scripts/write-epub.ts';
import { createTemplateSet, templateDirs } from '../scripts/render-template.ts';
import { worksheetHelpers } from '../scripts/worksheets/helpers.ts';
import { epubcheckFile } from './support/epubcheck.ts';
import { ROOT, tempDir } from './support/cli.ts';

import { png } from './support/png.ts';

const WORKSHEET = `<section class="worksheet" id="worksheet-check-in" data-worksheet="check-in"><h2 class="worksheet-title"><span class="worksheet-label">Worksheet 1</span> · Weekly Check-In</h2><p>Ask each other:&nbsp;what felt close this week?<br>What felt far?</p></section>`;

const CALLOUT = '<div class="callout callout-example"><p class="callout-label">Example</p><p>A couple, an evening.</p></div>';

const sources = (image: string) => [
  `# Introduction\n\n![Two chairs facing each other](${image})\n\nCloseness is built.[^1] See [the check-in](#worksheet-check-in) and [listening](#listening).\n\n## Why it matters\n\nLine one  \nline two.\n\n[^1]: Gottman, *The Seven Principles*, 1999.\n`,
  `# Building Intimacy\n\n@@callout@@\n\n## Listening\n\n| Habit | Minutes |\n|:--|--:|\n| Check-in | 20 |\n| Walk | 30 |\n\nBack to [the start](#why-it-matters).[^note]\n\n[^note]: A second note.\n\n@@worksheet@@\n`,
];

/** Markdown → the fragments the pipeline hands the writer: a chapter section with an opener, heading ids. */
function render(source: string, number: number): RenderedChapter {
  const slugger = new GithubSlugger();
  const headings: RenderedChapter['headings'] = [];
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).use(remarkRehype).use(() => (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (!/^h[1-3]$/.test(node.tagName) || node.properties.id) return;
      node.properties.id = slugger.slug(toString(node));
      headings.push({ depth: Number(node.tagName[1]), text: toString(node), id: String(node.properties.id) });
    });
  }).use(rehypeStringify);
  const body = String(processor.processSync(source))
    .replace('<p>@@worksheet@@</p>', WORKSHEET)
    .replace('<p>@@callout@@</p>', CALLOUT)
    .replace(/^(<h1[^>]*>.*?<\/h1>)/, `<header class="chapter-opener"><p class="chapter-number">Chapter ${number}</p>$1</header>`);
  const html = `<section class="chapter" id="chapter-${number}">${body}</section>`;
  return { number, label: `Chapter ${number}`, title: headings[0].text, id: `chapter-${number}`, path: `/book/0${number}.md`, headings, html };
}

/** A tiny RGB PNG, so the cover path runs without the cover renderer. */
const book = {
  title: 'Closer',
  subtitle: 'A Couples’ Workbook',
  author: 'Maya Ellison',
  language: 'en',
  description: 'A workbook for couples & their “closeness”.',
  keywords: ['Intimacy', 'Couples & communication'],
  publisher: 'Kindred Press',
  date: '2026-11-24',
  identifier: 'urn:uuid:661c7971-5fee-4cef-b255-812a6a00369e',
  isbn: '978-0-306-40615-7',
  edition: 'First edition',
  slug: 'closer',
  // The image the chapters show lives in a temp folder: that is the book's manuscript folder here.
  manuscriptDir: tmpdir(),
} as Book;

function input(outPath: string, log: string[], image: string): EpubInput {
  return {
    book,
    templates: createTemplateSet(templateDirs(), worksheetHelpers),
    chapters: sources(image).map((s, i) => render(s, i + 1)),
    worksheets: [{ id: 'check-in', number: 1, title: 'Weekly Check-In', chapterNumber: 2 }],
    css: readFileSync(join(ROOT, 'templates/css/epub.css'), 'utf8'),
    fonts: bookFonts(),
    cover: png(60, 90),
    outPath,
    log: (line) => log.push(line),
    // axe-core needs the browser: test/epub-accessibility.test.ts runs it on the real book.
    checkAccessibility: false,
    pageMap: {
      fingerprint: 'test',
      pages: [
        { folio: '1', chapterId: 'chapter-1', text: 'C H A P T E R 1 Introduction', anchors: ['introduction'] },
        { folio: '2', chapterId: 'chapter-1', text: 'mat ters Line one line two.', anchors: ['why-it-matters'] },
        { folio: '3', chapterId: 'chapter-2', text: '', anchors: [] },
        { folio: '4', chapterId: 'chapter-2', text: 'CHAPTER 2 Building Intimacy EXAMPLE A couple', anchors: ['building-intimacy'] },
        { folio: '5', chapterId: 'chapter-2', text: 'Back to the start.', anchors: [] },
      ],
    },
  };
}

describe('writeEpub', () => {
  const dir = tempDir('kindred-epub-');
  const path = join(dir, 'closer.epub');
  const image = join(dir, 'chairs.png');
  writeFileSync(image, png(40, 30));
  const log: string[] = [];
  let zip: JSZip;
  const text = (name: string) => zip.file(name)!.async('string');

  const epoch = process.env.SOURCE_DATE_EPOCH;

  beforeAll(async () => {
    process.env.SOURCE_DATE_EPOCH = '1790000000';
    await writeEpub(input(path, log, pathToFileURL(image).href));
    zip = await JSZip.loadAsync(readFileSync(path));
  });
  afterAll(async () => {
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = epoch;
  });

  it('passes epubcheck with no errors and no warnings', async () => {
    const { output } = await epubcheckFile(path);
    expect(output.split('\n').filter((l) => /^(FATAL|ERROR|WARNING)/.test(l))).toEqual([]);
    expect(output).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  });

  it('starts with the mimetype entry, stored uncompressed', () => {
    const bytes = readFileSync(path);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0); // compression method: stored
    const nameLength = bytes.readUInt16LE(26);
    expect(bytes.toString('ascii', 30, 30 + nameLength)).toBe('mimetype');
    expect(bytes.toString('ascii', 30 + nameLength + bytes.readUInt16LE(28)).slice(0, 20)).toBe('application/epub+zip');
  });

  it('writes the metadata: subjects, language, identifiers, dates, accessibility, cover', async () => {
    const opf = await text('OEBPS/content.opf');
    expect(opf).toContain('unique-identifier="book-id"');
    expect(opf).toContain(`<dc:identifier id="book-id">${book.identifier}</dc:identifier>`);
    expect(opf).toContain('<dc:identifier id="isbn">urn:isbn:9780306406157</dc:identifier>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toContain('<dc:subject>Intimacy</dc:subject>');
    expect(opf).toContain('<dc:subject>Couples &amp; communication</dc:subject>');
    expect(opf).toContain('<dc:description>A workbook for couples &amp; their “closeness”.</dc:description>');
    expect(opf).toContain('<meta property="dcterms:modified">2026-09-21T14:13:20Z</meta>');
    for (const property of ['schema:accessMode', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessModeSufficient', 'schema:accessibilitySummary']) {
      expect(opf).toContain(`<meta property="${property}">`);
    }
    // Unchecked by axe-core, the book claims no conformance, and says why.
    expect(opf).not.toContain('dcterms:conformsTo');
    expect(opf).toContain('No automated accessibility check ran for this build, so no WCAG conformance is claimed.');
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
    expect(opf).toContain('href="images/image-1.png" media-type="image/png"');
    expect(await text('OEBPS/chapter-1.xhtml')).toContain('<figure class="figure"><img src="images/image-1.png" alt="Two chairs facing each other"/></figure>');
    expect(opf).toMatch(/href="cover\.png" media-type="image\/png" properties="cover-image"/);
    expect(opf).toMatch(/<spine[^>]*>\s*<itemref idref="x-cover-xhtml"\/>/);
    expect(opf).toMatch(/href="cover\.xhtml" media-type="application\/xhtml\+xml" properties="svg"/);
    expect(await text('OEBPS/cover.xhtml')).toMatch(/epub:type="cover".*<svg [^>]*viewBox="0 0 60 90"[^>]*aria-label="Cover of Closer by Maya Ellison".*<image width="60" height="90" xlink:href="cover.png"/s);
  });

  it('lists every chapter, its sections and every worksheet in the navigation', async () => {
    const nav = await text('OEBPS/toc.xhtml');
    expect(nav).toContain('<a href="worksheets.xhtml">List of Worksheets</a>');
    expect(nav).toContain('<a href="chapter-1.xhtml">1. Introduction</a>');
    expect(nav).toContain('<a href="chapter-1.xhtml#why-it-matters">Why it matters</a>');
    expect(nav).toContain('<a href="chapter-2.xhtml">2. Building Intimacy</a>');
    expect(nav).toContain('<a href="chapter-2.xhtml#worksheet-check-in">Worksheet 1 · Weekly Check-In</a>');
    expect(await text('OEBPS/toc.ncx')).toContain('<content src="chapter-2.xhtml#worksheet-check-in"/>');
    const list = await text('OEBPS/worksheets.xhtml');
    expect(list).toContain('href="chapter-2.xhtml#worksheet-check-in"');
  });

  it('turns GFM footnotes into per-chapter endnotes: an ordered list, each led by a back-link named "Back to note N"', async () => {
    const chapter = await text('OEBPS/chapter-1.xhtml');
    expect(chapter).toMatch(/<a href="#user-content-fn-1" id="user-content-fnref-1" epub:type="noteref" role="doc-noteref">1<\/a>/);
    expect(chapter).toMatch(
      /<section class="footnotes" epub:type="endnotes" role="doc-endnotes"><h2 id="footnote-label">[^<]+<\/h2><ol class="endnotes"><li id="user-content-fn-1" epub:type="endnote" class="endnote"><p><a href="#user-content-fnref-1" role="doc-backlink" aria-label="Back to note 1">1<\/a>\. Gottman/,
    );
    expect(chapter).not.toContain('<aside');
    // A named note shows the number GFM gave it.
    expect(await text('OEBPS/chapter-2.xhtml')).toContain('<a href="#user-content-fnref-note" role="doc-backlink" aria-label="Back to note 1">1</a>. A second note.');
    expect(chapter).not.toContain('data-footnote');
    expect(chapter).not.toContain('↩');
  });

  it('points links at the file that holds their target and writes well-formed XHTML', async () => {
    const one = await text('OEBPS/chapter-1.xhtml');
    const two = await text('OEBPS/chapter-2.xhtml');
    expect(one).toContain('href="chapter-2.xhtml#worksheet-check-in"');
    expect(one).toContain('href="chapter-2.xhtml#listening"');
    expect(two).toContain('href="chapter-1.xhtml#why-it-matters"');
    expect(one).toContain('<br/>');
    expect(two).toMatch(/<td class="align-right">20<\/td>/);
    expect(two).toContain('close this week?<br/>');
    for (const page of [one, two]) expect(page).not.toMatch(/ style=| data-|<input|<script/);
    expect(two).toMatch(/<section class="callout callout-example" aria-labelledby="(chapter-2-callout-1)"><p class="callout-label" id="\1">Example<\/p>/);
    expect(two).toContain('<div class="table-wrap"><table>');
  });

  it('marks the print edition\'s pages where they begin and lists them in the nav, the NCX and the package', async () => {
    const marker = (n: number) => `<span id="page-${n}" epub:type="pagebreak" role="doc-pagebreak" title="${n}" class="pagebreak"/>`;
    const one = await text('OEBPS/chapter-1.xhtml');
    const two = await text('OEBPS/chapter-2.xhtml');
    expect(one).toContain(`<p class="chapter-number">${marker(1)}Chapter 1</p>`);
    // Never inside a heading (its name would change): before it.
    expect(one).toMatch(new RegExp(`${marker(2)}\\s*<h2 id="why-it-matters">Why it matters</h2>`));
    // A blank page before a chapter is at its start, then the chapter's first page.
    expect(two).toMatch(new RegExp(`${marker(3)}<section class="chapter" id="chapter-2"[^>]*><header class="chapter-opener"><p class="chapter-number">${marker(4)}Chapter 2`));
    expect(two).toContain(`<p>${marker(5)}Back to`);
    const nav = await text('OEBPS/toc.xhtml');
    expect(nav).toMatch(/<nav epub:type="page-list" id="page-list" hidden="hidden" aria-label="Print page numbers">\s*<ol>\s*<li><a href="chapter-1.xhtml#page-1">1<\/a><\/li>/);
    expect([...nav.matchAll(/#page-(\d+)">/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4', '5']);
    const ncx = await text('OEBPS/toc.ncx');
    expect(ncx).toContain('<meta name="dtb:totalPageCount" content="5"/>');
    expect(ncx).toContain('<pageTarget id="page-target-4" type="normal" value="4" playOrder=');
    const opf = await text('OEBPS/content.opf');
    expect(opf).toContain('<dc:source id="page-source">urn:isbn:9780306406157</dc:source>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">printPageNumbers</meta>');
  });

  it('embeds every face as TrueType with @font-face rules that point at it, and the fonts\' licences', async () => {
    const css = await text('OEBPS/style.css');
    const fonts = zip.file(/^OEBPS\/fonts\/.*\.ttf$/);
    expect(fonts).toHaveLength(declaredFaces().length);
    for (const font of fonts) expect(css).toContain(`src: url("${font.name.slice('OEBPS/'.length)}") format("truetype")`);
    expect(zip.file(/\.woff2?$/)).toHaveLength(0);
    expect(zip.file(/^OEBPS\/fonts\/.*LICENSE\.txt$/)).toHaveLength(3); // Source Serif 4, Source Sans 3, DejaVu Sans Mono
  });

  it('is byte-for-byte reproducible with SOURCE_DATE_EPOCH', async () => {
    const again = join(dir, 'again.epub');
    await writeEpub(input(again, [], pathToFileURL(image).href));
    expect(Buffer.compare(readFileSync(again), readFileSync(path))).toBe(0);
  });

  it('logs no warnings for clean input', () => {
    expect(log).toEqual([]);
  });

  it('without a cover, writes no cover page; a link to a missing id loses its link and is reported', async () => {
    const lines: string[] = [];
    const bare = { ...input(join(dir, 'bare.epub'), lines, pathToFileURL(image).href), cover: undefined };
    bare.chapters[0] = { ...bare.chapters[0], html: bare.chapters[0].html.replace('href="#listening"', 'href="#nowhere"') };
    await writeEpub(bare);
    const epub = await JSZip.loadAsync(readFileSync(join(dir, 'bare.epub')));
    expect(epub.file('OEBPS/cover.xhtml')).toBeNull();
    expect(await epub.file('OEBPS/content.opf')!.async('string')).not.toContain('cover-image');
    const chapter = await epub.file('OEBPS/chapter-1.xhtml')!.async('string');
    expect(chapter).toContain(' and listening.');
    expect(lines).toEqual([
      'warning: /book/01.md: link to #nowhere, which is nowhere in the book; kept its text without the link',
      'warning: EPUB: no cover image; the EPUB has no cover (stores ask for one)',
    ]);
  });
});
