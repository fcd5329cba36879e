/**
 * The EPUB 3 writer. epub-gen-memory writes the content documents, stylesheet and fonts; the package
 * document, the navigation and the cover page are then written here (it has no options for nested
 * navigation, accessibility metadata, subjects or a cover page, and it stamps random ids and the
 * current time), and the zip is packed again reproducibly.
 */
import type { Cache } from './cache.ts';
import { writeAtomic } from './write-atomic.ts';
import type { Book } from './load-book.ts';
import type { RenderedChapter } from './book-model.ts';
import { KindredError, formatPlace } from './errors.ts';
import { cleanTree, markChapter, parseFragment, resolveLinks, toXhtml, type ContentDoc } from './epub/xhtml.ts';
import { frontMatter } from './epub/front-matter.ts';
import type { TemplateSet } from './render-template.ts';
import { buildDate, copyrightLine } from './imprint.ts';
import { formatLabel, loadLabels, type Labels } from './labels.ts';
import { chapterEntry, navDocument, ncxDocument, type Landmark, type NavEntry } from './epub/nav.ts';
import { coverImage, coverPage, type CoverImage } from './epub/resources.ts';
import type { FontPlan } from './fonts.ts';
import { epubFonts } from './fonts/epub-fonts.ts';
import { fullTitle, packageDocument, type Accessibility } from './epub/package-document.ts';
import type { BrowserHandle } from './browser.ts';
import { insertPageBreaks, type PageTarget } from './epub/page-list.ts';
import type { PageMap } from './pdf/page-map.ts';
import { checkLanguages, checkTree, runAxe, type Finding } from './epub/accessibility.ts';
import { itemId, manifestItems, pack, unpack, type Files } from './epub/zip.ts';
import { collectImages, restoreImages, type EpubImages } from './epub/images.ts';
import { bookConfinement } from './resolve-resource.ts';
import { verifyEpub } from './epub/verify.ts';

export interface EpubInput {
  book: Book;
  /** The book's templates: the title and copyright pages use the print edition's layouts. */
  templates: TemplateSet;
  chapters: RenderedChapter[];
  worksheets: { id: string; number: number; title: string; chapterNumber: number }[];
  css: string;
  /** The book's fonts (bookFonts(templates)): embedded as TrueType subsets with their licences. */
  fonts: FontPlan;
  cover?: Uint8Array;
  outPath: string;
  log?: (line: string) => void;
  /** The browser axe-core runs in; without one (or with checkAccessibility false) the EPUB claims no conformance. */
  browser?: BrowserHandle;
  /** Run axe-core in the browser over the finished documents (default true). */
  /** The print edition's page map (from the PDF built in the same run, or saved by the last one): page-break markers and a page list. */
  pageMap?: PageMap;
  checkAccessibility?: boolean;
  /** Keeps each document's axe-core results by its text and the package's other files. */
  cache?: Cache;
}


/** The chapters and front matter as content documents, links resolved across files. */
function contentDocs(input: EpubInput, date: Date, log: (line: string) => void) {
  const { beforeToc, afterToc } = frontMatter(input.book, input.templates, input.chapters, input.worksheets, date);
  const labels = loadLabels(input.templates, input.book);
  let footnotes = 0;
  const findings: Finding[] = [...beforeToc, ...afterToc].flatMap((doc) => checkTree(doc.tree, { file: doc.filename }));
  const chapters: ContentDoc[] = input.chapters.map((chapter) => {
    const tree = parseFragment(chapter.html);
    const filename = `${chapter.id}.xhtml`;
    // Before cleaning, which removes the data-* attributes: the source lines and the footnotes' markers.
    findings.push(...checkTree(tree, { file: filename, source: chapter.path }));
    footnotes += markChapter(tree, labels);
    cleanTree(tree, formatPlace({ file: chapter.path }), log);
    return { filename, title: chapter.title, tree, source: chapter.path };
  });
  resolveLinks([...beforeToc, ...afterToc, ...chapters], log);
  const pageList = input.pageMap ? insertPageBreaks(chapters, input.pageMap, log) : [];
  return { beforeToc, afterToc, chapters, footnotes, findings, pageList };
}

/** Contents entries; warns about worksheets the chapters do not contain. */
function tableOfContents(input: EpubInput, afterToc: ContentDoc[], chapters: ContentDoc[], log: (line: string) => void): NavEntry[] {
  const entries = chapters.map((doc, i) => chapterEntry(input.chapters[i], doc.filename, doc.tree, input.worksheets, loadLabels(input.templates, input.book)));
  const listed = new Set(entries.flatMap((e) => e.children.map((c) => c.href.split('#')[1])));
  for (const w of input.worksheets) if (!listed.has(`worksheet-${w.id}`)) log(`warning: EPUB: worksheet ${w.number} (${w.id}) is not in any chapter; left out of the contents`);
  return [...afterToc.map((d) => ({ label: d.title, href: d.filename, children: [] })), ...entries];
}

/** Adds the cover page and writes the navigation over epub-gen-memory's own; returns the image count. */
function patchNavigation(files: Files, parts: { book: Book; labels: Labels; cover: CoverImage | undefined; toc: NavEntry[]; spine: string[]; bodyStart?: string; images: EpubImages; pageList: PageTarget[] }): number {
  const { book, labels, cover, toc, spine, bodyStart, images, pageList } = parts;
  if (cover) {
    files.set(`OEBPS/${cover.href}`, cover.data);
    files.set('OEBPS/cover.xhtml', coverPage({ href: cover.href, width: cover.width, height: cover.height, lang: book.language, alt: formatLabel(labels.coverAlt, { title: book.title, author: book.author }), pageTitle: labels.cover }));
  }
  restoreImages(files, images);

  const landmarks: Landmark[] = [
    ...(cover ? [{ type: 'cover' as const, label: labels.cover, href: 'cover.xhtml' }] : []),
    { type: 'titlepage', label: labels.titlePage, href: 'title-page.xhtml' },
    { type: 'copyright-page', label: labels.copyrightPage, href: 'copyright.xhtml' },
    { type: 'toc', label: labels.contents, href: 'toc.xhtml' },
    ...(spine.includes('worksheets.xhtml') ? [{ type: 'lot' as const, label: labels.worksheetList, href: 'worksheets.xhtml' }] : []),
    { type: 'bodymatter', label: labels.startOfContent, href: bodyStart ?? 'toc.xhtml' },
  ];
  files.set('OEBPS/toc.xhtml', navDocument({ labels, lang: book.language, toc, landmarks, pageList }));
  files.set('OEBPS/toc.ncx', ncxDocument({ uid: book.identifier, title: fullTitle(book), author: book.author, toc, pageList, pageListLabel: labels.printPageNumbers, position: positionIn(files, spine) }));
  return images.count;
}

/** Ranks an href by reading order: its document's place in the spine, then where its id is in the document. */
function positionIn(files: Files, spine: string[]): (href: string) => number {
  const decoder = new TextDecoder();
  const texts = new Map<string, string>();
  return (href) => {
    const [file, id] = href.split('#');
    const doc = spine.indexOf(file);
    if (!id || doc < 0) return Math.max(doc, 0) * 1e8;
    if (!texts.has(file)) {
      const data = files.get(`OEBPS/${file}`) ?? '';
      texts.set(file, typeof data === 'string' ? data : decoder.decode(data));
    }
    return doc * 1e8 + Math.max(0, texts.get(file)!.indexOf(`id="${id}"`));
  };
}

/** Writes the package document over epub-gen-memory's own, its accessibility metadata from what the checks found. */
function writePackage(files: Files, parts: { book: Book; labels: Labels; date: Date; cover: CoverImage | undefined; spine: string[]; a11y: Accessibility }, log: (line: string) => void): void {
  const { book, labels, date, cover, spine, a11y } = parts;
  const properties: Record<string, string> = { 'toc.xhtml': 'nav', ...(cover ? { [cover.href]: 'cover-image', 'cover.xhtml': 'svg' } : {}) };
  files.set(
    'OEBPS/content.opf',
    packageDocument({
      book,
      modified: date,
      manifest: manifestItems(files, properties, log),
      spine: spine.map((f) => ({ idref: itemId(f) })),
      coverImageId: cover && itemId(cover.href),
      a11y,
      rights: [copyrightLine(book, date).copyrightSentence, labels.rightsReserved].filter(Boolean).join(' '),
    }),
  );
}

/** The print edition the page numbers come from: its ISBN, or its title and trim when it has none. */
function printSource(book: Book): string {
  return book.isbn ? `urn:isbn:${book.isbn.replace(/[-\s]/g, '')}` : `${fullTitle(book)}, print edition (${book.trim?.name ?? 'print'})`;
}

/** Builds the EPUB and writes it atomically; returns the bytes written. */
export async function writeEpub(input: EpubInput): Promise<{ path: string; bytes: number; data: Uint8Array }> {
  const log = input.log ?? (() => {});
  const { book } = input;
  const date = buildDate();
  const { beforeToc, afterToc, chapters, footnotes, findings, pageList } = contentDocs(input, date, log);
  const toc = tableOfContents(input, afterToc, chapters, log);
  const cover = coverImage(input.cover, log);

  const { EPub } = await import('epub-gen-memory');
  const docs = [...beforeToc, ...afterToc, ...chapters];
  const epubImages = collectImages(docs, bookConfinement(book.manuscriptDir, input.templates.dirs), log);
  const xhtml = docs.map((doc) => toXhtml(doc.tree));
  const fonts = await epubFonts(input.fonts, `${book.title} ${book.author} ${xhtml.join(' ').replace(/<[^>]*>/g, ' ')}`, input.cache);
  const generator = new EPub(
    {
      title: book.title,
      author: book.author,
      publisher: book.publisher,
      description: book.description,
      lang: book.language,
      date: date.toISOString(),
      css: `${fonts.css}\n${input.css}`,
      prependChapterTitles: false,
      verbose: (type, ...args) => (type === 'warn' ? log(`warning: EPUB: ${args.map(String).join(' ')}`) : undefined),
    },
    docs.map((doc, i) => ({ title: doc.title, filename: doc.filename, content: xhtml[i], beforeToc: beforeToc.includes(doc) })),
  );
  let files: Files;
  try {
    // Its files, zipped without compression: pack() compresses them once, after they are patched.
    await generator.render();
    files = unpack(await generator.generateAsync({ type: 'uint8array', compression: 'STORE' }));
    for (const [path, data] of fonts.files) files.set(path, data);
  } catch (error) {
    throw new KindredError(`could not generate the EPUB: ${(error as Error).message}`, { cause: error });
  }

  const spine = [...(cover ? ['cover.xhtml'] : []), ...beforeToc.map((d) => d.filename), 'toc.xhtml', ...afterToc.map((d) => d.filename), ...chapters.map((d) => d.filename)];
  const images = patchNavigation(files, { book, labels: loadLabels(input.templates, book), cover, toc, spine, bodyStart: chapters[0]?.filename, images: epubImages, pageList });
  const checked = (input.checkAccessibility ?? true) && input.browser !== undefined;
  findings.push(...checkLanguages(files, spine));
  if (checked) log(`  checking accessibility (axe-core) in ${spine.length} documents`);
  const memo = checked && input.cache ? { cache: input.cache, identity: await (input.browser as BrowserHandle).identity() } : undefined;
  if (checked) findings.push(...(await runAxe(input.browser as BrowserHandle, files, spine, new Map(chapters.map((c) => [c.filename, c.source ?? ''])), memo)));
  for (const f of findings) log(`warning: ${f.where}: ${f.message} [${f.rule}]`);
  if (findings.length) log(`warning: EPUB: ${findings.length} accessibility problem(s) above; the EPUB claims no WCAG conformance`);
  writePackage(files, { book, labels: loadLabels(input.templates, book), date, cover, spine, a11y: { images, footnotes, checked, findings, worksheets: input.worksheets.length > 0, pageList: pageList.length ? { source: printSource(book), pages: pageList.length } : undefined } }, log);
  const problems = verifyEpub(files);
  if (problems.length) {
    throw new KindredError(`the EPUB would not pass epubcheck, so it was not written:\n  ${problems.slice(0, 8).join('\n  ')}${problems.length > 8 ? `\n  … and ${problems.length - 8} more` : ''}`, {
      hint: 'Kindred repairs what it can (ids, links, control characters, images); these it could not. Change the named content, or build with --format pdf.',
    });
  }
  const bytes = pack(files, date);
  writeAtomic(input.outPath, bytes);
  return { path: input.outPath, bytes: bytes.byteLength, data: bytes };
}
