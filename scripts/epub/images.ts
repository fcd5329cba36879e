/**
 * The EPUB's images, resolved by Kindred itself: every `<img>` of every content document is read
 * through the book's confinement (a file: URL under it, or the sanitised SVG data: URL the chapter
 * stage made), checked, and stored as images/image-N.ext in reading order. Anything else is left out
 * with a warning. epub-gen-memory downloads whatever an `<img src>` names, so it never sees one: the
 * images travel under a placeholder tag that is turned back into `<img>` after it has written the files.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Root } from 'hast';
import { visit, SKIP } from 'unist-util-visit';
import { formatPlace } from '../errors.ts';
import { inspectImage, type ImageType } from '../inspect-image.ts';
import { isAllowedUrl, type Confinement } from '../resolve-resource.ts';
import type { ContentDoc } from './xhtml.ts';
import type { Files } from './zip.ts';

const PLACEHOLDER = 'kindred-img';
const EXTENSIONS: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp', svg: 'svg' };

export interface EpubImages {
  /** OEBPS/images/… → bytes. */
  files: Map<string, Uint8Array>;
  /** Images in the book and how many have empty alt text. */
  count: number;
  withoutAlt: number;
}

function bytesOf(src: string, c: Confinement): Uint8Array | string {
  const data = /^data:image\/svg\+xml;base64,(.*)$/s.exec(src);
  if (data) return new Uint8Array(Buffer.from(data[1], 'base64'));
  if (!/^file:/i.test(src)) return 'it is not a file of the book (nothing is fetched from the network)';
  if (!isAllowedUrl(src, c)) return 'it is outside the manuscript and templates folders';
  try {
    return new Uint8Array(readFileSync(fileURLToPath(src)));
  } catch (error) {
    return `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** Replaces each document's images by placeholders pointing into images/; returns the image files. */
export function collectImages(docs: ContentDoc[], c: Confinement, log: (line: string) => void): EpubImages {
  const byKey = new Map<string, string>();
  const files = new Map<string, Uint8Array>();
  let count = 0;
  let withoutAlt = 0;
  for (const doc of docs) {
    visit(doc.tree as Root, 'element', (node, index, parent) => {
      if (node.tagName !== 'img') return undefined;
      const src = String(node.properties.src ?? '');
      let href = byKey.get(src);
      if (!href) {
        const bytes = bytesOf(src, c);
        const checked = typeof bytes === 'string' ? ({ ok: false, problem: bytes } as const) : inspectImage(bytes);
        if (!checked.ok) {
          log(`warning: ${doc.source ? formatPlace({ file: doc.source }) : doc.filename}: EPUB: image ${src.slice(0, 100)} left out: ${checked.problem}`);
          if (parent && index !== undefined) parent.children.splice(index, 1);
          return [SKIP, index];
        }
        href = `images/image-${files.size + 1}.${EXTENSIONS[checked.type]}`;
        byKey.set(src, href);
        files.set(`OEBPS/${href}`, checked.bytes);
      }
      count++;
      if (!String(node.properties.alt ?? '').trim()) withoutAlt++;
      node.tagName = PLACEHOLDER;
      node.properties = { src: href, alt: String(node.properties.alt ?? ''), ...(node.properties.id ? { id: node.properties.id } : {}), ...(node.properties.className ? { className: node.properties.className } : {}) };
      return undefined;
    });
  }
  return { files, count, withoutAlt };
}

/** Turns the placeholders back into images and adds the image files. */
export function restoreImages(files: Files, images: EpubImages): void {
  const decoder = new TextDecoder();
  for (const [path, data] of files) {
    if (!path.endsWith('.xhtml')) continue;
    const text = typeof data === 'string' ? data : decoder.decode(data);
    if (!text.includes(`<${PLACEHOLDER}`)) continue;
    files.set(path, text.replace(new RegExp(`<${PLACEHOLDER}\\b([^>]*?)\\s*/?>(</${PLACEHOLDER}>)?`, 'g'), '<img$1/>'));
  }
  for (const [path, bytes] of images.files) files.set(path, bytes);
}
