/**
 * The navigation: the EPUB 3 nav document (contents, landmarks) and the NCX for EPUB 2 readers.
 * Entries follow reading order (epubcheck warns otherwise, NAV-011), so each worksheet is listed
 * under its chapter, and the "List of Worksheets" entry leads to the page that lists them all.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import type { RenderedChapter } from '../book-model.ts';
import { escapeXml, type WorksheetEntry } from './front-matter.ts';
import type { PageTarget } from './page-list.ts';
import { formatLabel, type Labels } from '../labels.ts';

export interface NavEntry {
  label: string;
  href: string;
  children: NavEntry[];
}

/** A chapter's entry: its `##` sections and worksheets, in the order they appear. */
export function chapterEntry(chapter: RenderedChapter, filename: string, tree: Root, worksheets: WorksheetEntry[], labels: Labels): NavEntry {
  const sections = new Map(chapter.headings.filter((h) => h.depth === 2).map((h) => [h.id, h.text]));
  const byId = new Map(worksheets.map((w) => [`worksheet-${w.id}`, w]));
  const children: NavEntry[] = [];
  visit(tree, 'element', (node: Element) => {
    const id = typeof node.properties.id === 'string' ? node.properties.id : undefined;
    if (!id) return undefined;
    const worksheet = byId.get(id);
    if (worksheet) {
      children.push({ label: `${formatLabel(labels.worksheet, { n: worksheet.number })} · ${worksheet.title}`, href: `${filename}#${id}`, children: [] });
      return SKIP;
    }
    const text = sections.get(id);
    if (text !== undefined && /^h[1-6]$/.test(node.tagName)) children.push({ label: text || toString(node).trim(), href: `${filename}#${id}`, children: [] });
    return undefined;
  });
  return { label: `${chapter.number}. ${chapter.title}`, href: filename, children };
}

function navList(entries: NavEntry[], indent: string): string {
  const items = entries.map((e) => {
    const link = `<a href="${escapeXml(e.href)}">${escapeXml(e.label)}</a>`;
    return e.children.length ? `${indent}  <li>${link}\n${navList(e.children, indent + '    ')}\n${indent}  </li>` : `${indent}  <li>${link}</li>`;
  });
  return `${indent}<ol>\n${items.join('\n')}\n${indent}</ol>`;
}

export interface Landmark {
  type: 'cover' | 'titlepage' | 'toc' | 'bodymatter' | 'copyright-page' | 'lot';
  label: string;
  href: string;
}

/** The nav document; it is also the visible contents page in the spine. */
export function navDocument(options: { labels: Labels; lang: string; toc: NavEntry[]; landmarks: Landmark[]; pageList?: PageTarget[] }): string {
  const { labels, lang, toc, landmarks, pageList = [] } = options;
  const title = labels.contents;
  const marks = landmarks.map((l) => `      <li><a epub:type="${l.type}" href="${escapeXml(l.href)}">${escapeXml(l.label)}</a></li>`).join('\n');
  const pages = pageList.length
    ? `
  <nav epub:type="page-list" id="page-list" hidden="hidden" aria-label="${escapeXml(labels.printPageNumbers)}">
    <ol>
${pageList.map((p) => `      <li><a href="${escapeXml(p.href)}">${escapeXml(p.label)}</a></li>`).join('\n')}
    </ol>
  </nav>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${lang}" lang="${lang}">
<head>
  <meta charset="UTF-8" />
  <title>${escapeXml(title)}</title>
  <link rel="stylesheet" type="text/css" href="style.css" />
</head>
<body>
  <nav epub:type="toc" id="toc" role="doc-toc" class="contents" aria-labelledby="toc-title">
    <h1 id="toc-title">${escapeXml(title)}</h1>
${navList(toc, '    ')}
  </nav>
  <nav epub:type="landmarks" id="landmarks" hidden="hidden" aria-label="${escapeXml(labels.landmarks)}">
    <ol>
${marks}
    </ol>
  </nav>${pages}
</body>
</html>
`;
}

/**
 * The NCX (EPUB 2 readers and older Kindles); its uid must equal the package's unique identifier.
 * playOrder runs in reading order over the contents and the page list together (one number per target),
 * from `position`, which ranks an href by where it points.
 */
export function ncxDocument(options: { uid: string; title: string; author: string; toc: NavEntry[]; pageList?: PageTarget[]; pageListLabel?: string; position?: (href: string) => number }): string {
  const { pageList = [], position = () => 0 } = options;
  const all = (entries: NavEntry[]): string[] => entries.flatMap((e) => [e.href, ...all(e.children)]);
  const hrefs = [...new Set([...all(options.toc), ...pageList.map((p) => p.href)])];
  const ranked = hrefs.map((href, i) => ({ href, key: position(href), i })).sort((a, b) => a.key - b.key || a.i - b.i);
  const playOrder = new Map(ranked.map((r, n) => [r.href, n + 1]));
  let order = 0;
  let depth = 0;
  const points = (entries: NavEntry[], indent: string, level: number): string =>
    entries
      .map((e) => {
        depth = Math.max(depth, level);
        const n = playOrder.get(e.href)!;
        const id = ++order;
        const inner = e.children.length ? `\n${points(e.children, indent + '  ', level + 1)}` : '';
        return `${indent}<navPoint id="nav-${id}" playOrder="${n}"><navLabel><text>${escapeXml(e.label)}</text></navLabel><content src="${escapeXml(e.href)}"/>${inner}${inner ? `\n${indent}` : ''}</navPoint>`;
      })
      .join('\n');
  const map = points(options.toc, '    ', 1);
  const targets = pageList.map(
    (p) => `    <pageTarget id="page-target-${escapeXml(p.label)}" type="normal" value="${escapeXml(p.label)}" playOrder="${playOrder.get(p.href)}"><navLabel><text>${escapeXml(p.label)}</text></navLabel><content src="${escapeXml(p.href)}"/></pageTarget>`,
  );
  const numbers = pageList.map((p) => Number(p.label)).filter(Number.isFinite);
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head>
    <meta name="dtb:uid" content="${escapeXml(options.uid)}"/>
    <meta name="dtb:depth" content="${depth}"/>
    <meta name="dtb:totalPageCount" content="${pageList.length}"/>
    <meta name="dtb:maxPageNumber" content="${numbers.length ? Math.max(...numbers) : 0}"/>
  </head>
  <docTitle><text>${escapeXml(options.title)}</text></docTitle>
  <docAuthor><text>${escapeXml(options.author)}</text></docAuthor>
  <navMap>
${map}
  </navMap>${targets.length ? `\n  <pageList>\n    <navLabel><text>${escapeXml(options.pageListLabel ?? 'Print page numbers')}</text></navLabel>\n${targets.join('\n')}\n  </pageList>` : ''}
</ncx>
`;
}
