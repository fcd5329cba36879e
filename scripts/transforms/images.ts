/**
 * Images, however they are written (Markdown `![]()`, raw `<img>`, inside `<figure>` or `<picture>`):
 * resolved the same way, relative to the chapter file, through the book's confinement. A remote image
 * is never fetched (its alt text stands in, with a warning); one outside the manuscript or missing is
 * an error; a damaged one is left out with a warning. What remains is an absolute file: URL (an SVG a
 * sanitised data: URL) that both renderers read, and nothing else.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { fileError, fileWarning } from '../diagnostics.ts';
import { inspectImage } from '../inspect-image.ts';
import { resolveReference, type Confinement } from '../resolve-resource.ts';

const altText = (node: Element, value: string): Root['children'][number] => ({ type: 'text', value: value ? `[${value}]` : '', position: node.position });

/** Checked images by path, so an image used twice is read once. */
type Seen = Map<string, ReturnType<typeof inspectImage>>;

export function resolveImages(tree: Root, file: VFile, confinement: Confinement, seen: Seen = new Map()): void {
  visit(tree, 'element', (node, index, parent) => {
    const remove = (replacement: Root['children']): [typeof SKIP, number] | undefined => {
      if (!parent || index === undefined) return undefined;
      parent.children.splice(index, 1, ...(replacement as Element[]));
      return [SKIP, index];
    };
    // <picture> is unwrapped by the sanitiser; its <source>s would pick another file per reader: the <img> fallback is the image.
    if (node.tagName === 'source') return remove([]);
    if (node.tagName !== 'img') return undefined;
    const props = node.properties;
    delete props.srcSet;
    delete props.sizes;
    for (const dimension of ['width', 'height'] as const) {
      // HTML5 (and epubcheck) allow whole pixels only; "50%" and "auto" are dropped, the stylesheet scales to fit.
      if (props[dimension] !== undefined && !/^\d+$/.test(String(props[dimension]))) {
        fileWarning(file, `image ${dimension}="${props[dimension]}" is not a whole number of pixels; ignored`, node, 'image-size');
        delete props[dimension];
      }
    }
    const src = typeof props.src === 'string' ? props.src.trim() : '';
    const alt = typeof props.alt === 'string' ? props.alt : '';
    if (!src) return remove([]);
    const resolved = resolveReference(src, file.path, confinement);
    if (resolved.kind === 'remote' || resolved.kind === 'data') {
      fileWarning(file, `remote image not fetched (the build is offline): ${src.slice(0, 120)}; printed its alt text instead. Download it next to the chapter and link the file.`, node, 'remote-image');
      return remove([altText(node, alt)]);
    }
    if (resolved.kind === 'missing') {
      fileError(file, `image not found: ${src}`, node, 'missing-image', resolved.hint);
      return undefined;
    }
    if (resolved.kind === 'outside') {
      fileError(file, `image ${resolved.reason}`, node, 'image-outside', resolved.hint);
      return undefined;
    }
    let checked = seen.get(resolved.path);
    if (!checked) {
      checked = inspectImage(new Uint8Array(readFileSync(resolved.path)));
      seen.set(resolved.path, checked);
      if (checked.ok && checked.notes.length) fileWarning(file, `image ${src}: ${checked.notes.join(', ')}`, node, 'svg-sanitised');
    }
    if (!checked.ok) {
      fileWarning(file, `image ${src} left out: ${checked.problem}`, node, 'bad-image');
      return remove([altText(node, alt)]);
    }
    props.src = checked.type === 'svg' ? `data:image/svg+xml;base64,${Buffer.from(checked.bytes).toString('base64')}` : pathToFileURL(resolved.path).href;
    return undefined;
  });
}
