/**
 * The EPUB 3 writer. epub-gen-memory writes the content documents, stylesheet and fonts; the package
 * document, the navigation and the cover page are then written here (it has no options for nested
 * navigation, accessibility metadata, subjects or a cover page, and it stamps random ids and the
 * current time), and the zip is packed again reproducibly.
 */
import { writeAtomic } from './write-atomic.ts';
import type { Book } from './load-book.ts';
import type { RenderedChapter } from './book-model.ts';
import { KindredError, formatPlace } from './errors.ts';
import { cleanTree, markChapter, parseFragment, resolveLinks, toXhtml, type ContentDoc } from './epub/xhtml.ts';
import { frontMatter } from './epub/front-matter.ts';
import type { TemplateSet } from './render-template.ts';
import { buildDate, copyrightLine } from './imprint.ts';
import { chapterEntry, navDocument, ncxDocument, type Landmark, type NavEntry } from './epub/nav.ts';
import { coverImage, coverPage, embedFonts, type CoverImage, type FontInput } from './epub/resources.ts';
import { packageDocument } from './epub/package-document.ts';
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
  fonts: FontInput[];
  cover?: Uint8Array;
  outPath: string;
  log?: (line: string) => void;
}


/** The chapters and front matter as content documents, links resolved across files. */
function contentDocs(input: EpubInput, date: Date, log: (line: string) => void) {
  const { beforeToc, afterToc } = frontMatter(input.book, input.templates, input.chapters, input.worksheets, date);
  let footnotes = 0;
  const chapters: ContentDoc[] = input.chapters.map((chapter) => {
    const tree = parseFragment(chapter.html);
    // Footnotes first: cleaning removes the data-footnote-* attributes that identify them.
    footnotes += markChapter(tree);
    cleanTree(tree, formatPlace({ file: chapter.path }), log);
    return { filename: `${chapter.id}.xhtml`, title: chapter.title, tree, source: chapter.path };
  });
  resolveLinks([...beforeToc, ...afterToc, ...chapters], log);
  return { beforeToc, afterToc, chapters, footnotes };
}

/** Contents entries; warns about worksheets the chapters do not contain. */
function tableOfContents(input: EpubInput, afterToc: ContentDoc[], chapters: ContentDoc[], log: (line: string) => void): NavEntry[] {
  const entries = chapters.map((doc, i) => chapterEntry(input.chapters[i], doc.filename, doc.tree, input.worksheets));
  const listed = new Set(entries.flatMap((e) => e.children.map((c) => c.href.split('#')[1])));
  for (const w of input.worksheets) if (!listed.has(`worksheet-${w.id}`)) log(`warning: EPUB: worksheet ${w.number} (${w.id}) is not in any chapter; left out of the contents`);
  return [...afterToc.map((d) => ({ label: d.title, href: d.filename, children: [] })), ...entries];
}

/** Adds the cover page and writes the package document and navigation over epub-gen-memory's own. */
function patchPackage(
  files: Files,
  parts: { book: Book; date: Date; cover: CoverImage | undefined; toc: NavEntry[]; spine: string[]; bodyStart?: string; footnotes: number; images: EpubImages },
  log: (line: string) => void,
): void {
  const { book, date, cover, toc, spine, bodyStart, footnotes, images } = parts;
  if (cover) {
    files.set(`OEBPS/${cover.href}`, cover.data);
    files.set('OEBPS/cover.xhtml', coverPage({ href: cover.href, title: book.title, author: book.author, lang: book.language }));
  }
  restoreImages(files, images);
  if (images.withoutAlt) log(`warning: EPUB: ${images.withoutAlt} image(s) without alt text; the EPUB does not claim WCAG conformance`);

  const landmarks: Landmark[] = [
    ...(cover ? [{ type: 'cover' as const, label: 'Cover', href: 'cover.xhtml' }] : []),
    { type: 'titlepage', label: 'Title Page', href: 'title-page.xhtml' },
    { type: 'toc', label: 'Contents', href: 'toc.xhtml' },
    { type: 'bodymatter', label: 'Start of Content', href: bodyStart ?? 'toc.xhtml' },
  ];
  files.set('OEBPS/toc.xhtml', navDocument({ title: 'Contents', lang: book.language, toc, landmarks }));
  files.set('OEBPS/toc.ncx', ncxDocument({ uid: book.identifier, title: book.title, author: book.author, toc }));
  const properties: Record<string, string> = { 'toc.xhtml': 'nav', ...(cover ? { [cover.href]: 'cover-image' } : {}) };
  files.set(
    'OEBPS/content.opf',
    packageDocument({
      book,
      modified: date,
      manifest: manifestItems(files, properties, log),
      spine: spine.map((f) => ({ idref: itemId(f) })),
      coverImageId: cover && itemId(cover.href),
      a11y: { images: images.count, imagesWithoutAlt: images.withoutAlt, footnotes },
      rights: `${copyrightLine(book, date).copyright}. All rights reserved.`,
    }),
  );
}

/** Builds the EPUB and writes it atomically; returns the bytes written. */
export async function writeEpub(input: EpubInput): Promise<{ path: string; bytes: number }> {
  const log = input.log ?? (() => {});
  const { book } = input;
  const date = buildDate();
  const { beforeToc, afterToc, chapters, footnotes } = contentDocs(input, date, log);
  const toc = tableOfContents(input, afterToc, chapters, log);
  const fonts = embedFonts(input.fonts, log);
  const cover = coverImage(input.cover, log);

  const { EPub } = await import('epub-gen-memory');
  const docs = [...beforeToc, ...afterToc, ...chapters];
  const images = collectImages(docs, bookConfinement(book.manuscriptDir, input.templates.dirs), log);
  const generator = new EPub(
    {
      title: book.title,
      author: book.author,
      publisher: book.publisher,
      description: book.description,
      lang: book.language,
      date: date.toISOString(),
      css: `${fonts.css}\n${input.css}`,
      fonts: fonts.files,
      prependChapterTitles: false,
      verbose: (type, ...args) => (type === 'warn' ? log(`warning: EPUB: ${args.map(String).join(' ')}`) : undefined),
    },
    docs.map((doc) => ({ title: doc.title, filename: doc.filename, content: toXhtml(doc.tree), beforeToc: beforeToc.includes(doc) })),
  );
  let files: Files;
  try {
    files = await unpack(await generator.genEpub());
  } catch (error) {
    throw new KindredError(`could not generate the EPUB: ${(error as Error).message}`, { cause: error });
  }

  const spine = [...(cover ? ['cover.xhtml'] : []), ...beforeToc.map((d) => d.filename), 'toc.xhtml', ...afterToc.map((d) => d.filename), ...chapters.map((d) => d.filename)];
  patchPackage(files, { book, date, cover, toc, spine, bodyStart: chapters[0]?.filename, footnotes, images }, log);
  const problems = verifyEpub(files);
  if (problems.length) {
    throw new KindredError(`the EPUB would not pass epubcheck, so it was not written:\n  ${problems.slice(0, 8).join('\n  ')}${problems.length > 8 ? `\n  … and ${problems.length - 8} more` : ''}`, {
      hint: 'Kindred repairs what it can (ids, links, control characters, images); these it could not. Change the named content, or build with --format pdf.',
    });
  }
  const bytes = await pack(files, date);
  writeAtomic(input.outPath, bytes);
  return { path: input.outPath, bytes: bytes.byteLength };
}
