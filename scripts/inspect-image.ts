/**
 * Checks an image file before any renderer sees it: its real format (from its bytes, not its name),
 * whether it is whole (a truncated or garbled file prints as a broken-image icon and fails epubcheck),
 * and, for SVG, a sanitised copy with no scripts, event handlers, external references or DOCTYPE.
 */
import { imageSize } from 'image-size';
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { attribs: unknown }>;

export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg';

export const IMAGE_MEDIA_TYPES: Record<ImageType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

export type Inspected = { ok: true; type: ImageType; bytes: Uint8Array; width?: number; height?: number; notes: string[] } | { ok: false; problem: string };

/** Above this many pixels an image costs the browser gigabytes to decode: refused as a decompression bomb. */
const MAX_PIXELS = 150e6;

function sniff(b: Uint8Array): ImageType | undefined {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'gif';
  if (String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'webp';
  const head = new TextDecoder().decode(b.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

/** PNG: chunks chained to IEND, each length inside the file. */
function pngWhole(b: Uint8Array): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 8;
  while (at + 8 <= b.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
    at += 12 + length;
    if (at > b.length) return false;
    if (type === 'IEND') return true;
  }
  return false;
}

function whole(type: ImageType, b: Uint8Array): boolean {
  switch (type) {
    case 'png':
      return pngWhole(b);
    case 'jpeg': {
      // The end-of-image marker, allowing for padding after it.
      const tail = b.subarray(Math.max(0, b.length - 64));
      for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
      return false;
    }
    case 'gif':
      return b.includes(0x3b, Math.max(0, b.length - 16));
    case 'webp':
      return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, true) + 8 <= b.length;
    case 'svg':
      return true;
  }
}

/** Checks an image's bytes: its type, that it is whole, and (SVG) a sanitised copy. */
export function inspectImage(bytes: Uint8Array): Inspected {
  if (bytes.length === 0) return { ok: false, problem: 'the file is empty' };
  const type = sniff(bytes);
  if (!type) return { ok: false, problem: 'it is not a PNG, JPEG, GIF, WebP or SVG image (or the file is damaged)' };
  if (!whole(type, bytes)) return { ok: false, problem: `the ${type.toUpperCase()} file is truncated or damaged` };
  const notes: string[] = [];
  let data = bytes;
  if (type === 'svg') {
    const clean = sanitizeSvg(new TextDecoder().decode(bytes));
    if (!clean.ok) return { ok: false, problem: clean.problem };
    notes.push(...clean.removed.map((r) => `removed ${r} from the SVG`));
    data = new TextEncoder().encode(clean.svg);
  }
  let size: { width?: number; height?: number } = {};
  try {
    size = imageSize(data);
  } catch (error) {
    if (type !== 'svg') return { ok: false, problem: `the ${type.toUpperCase()} file is damaged (${(error as Error).message})` };
  }
  if (type !== 'svg' && (!size.width || !size.height)) return { ok: false, problem: 'the image has no width or height' };
  if ((size.width ?? 0) * (size.height ?? 0) > MAX_PIXELS) return { ok: false, problem: `the image is ${size.width} × ${size.height} pixels, too large to print; scale it down` };
  return { ok: true, type, bytes: data, width: size.width, height: size.height, notes };
}

const SVG_DROPPED = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'audio', 'video', 'canvas', 'handler', 'listener']);
const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);

/**
 * An SVG with nothing active or external in it: no DOCTYPE (entities are an XML bomb and epubcheck
 * rejects external DTDs), no processing instructions but the XML declaration, no scripts or event
 * handlers, no references but local (#id) and data: ones, no @import or url() to other files in styles.
 */
export function sanitizeSvg(text: string): { ok: true; svg: string; removed: string[] } | { ok: false; problem: string } {
  const removed = new Set<string>();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { xmlMode: true, recognizeSelfClosing: true });
  const walk = (nodes: ChildNode[]) => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (node.type === 'directive') {
        if (/^!doctype/i.test(node.data)) removed.add('a DOCTYPE');
        else if (!/^\?xml\s/i.test(node.data)) removed.add('a processing instruction');
        else continue;
        nodes.splice(i, 1);
        continue;
      }
      if (node.type === 'cdata' || node.type === 'comment' || node.type === 'text') continue;
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const el = node as Element;
      const local = el.name.toLowerCase().replace(/^.*:/, '');
      if (SVG_DROPPED.has(local)) {
        removed.add(`<${local}>`);
        nodes.splice(i, 1);
        continue;
      }
      for (const [name, value] of Object.entries(el.attribs)) {
        const lower = name.toLowerCase();
        if (lower.startsWith('on')) {
          removed.add('event handlers');
          delete el.attribs[name];
        } else if (LINK_ATTRIBUTES.has(lower) && !/^\s*(#|data:image\/(png|jpeg|gif|webp);)/i.test(value)) {
          removed.add('external references');
          delete el.attribs[name];
        } else if (/url\(\s*['"]?\s*(?!#|data:)/i.test(value) || /javascript:/i.test(value)) {
          removed.add('external references');
          delete el.attribs[name];
        }
      }
      if (local === 'style') {
        const css = el.children.map((c) => ('data' in c ? String(c.data) : '')).join('');
        if (/@import|url\(\s*['"]?\s*(?!#|data:)/i.test(css)) {
          removed.add('external references');
          el.children = [];
        }
      }
      walk(el.children);
    }
  };
  walk(doc.children);
  const root = doc.children.find((n): n is Element => n.type === 'tag' && n.name.toLowerCase().replace(/^.*:/, '') === 'svg');
  if (!root) return { ok: false, problem: 'the SVG file has no <svg> element' };
  if (!root.attribs.xmlns) root.attribs.xmlns = 'http://www.w3.org/2000/svg';
  if (render(root, { xmlMode: true }).includes('xlink:') && !root.attribs['xmlns:xlink']) root.attribs['xmlns:xlink'] = 'http://www.w3.org/1999/xlink';
  const svg = render(root, { xmlMode: true, encodeEntities: 'utf8' });
  return { ok: true, svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, removed: [...removed] };
}
