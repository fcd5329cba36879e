/**
 * The chapters' HTML made fit for e-readers: parsed once, cleaned of what stores reject (forms,
 * scripts, inline styles), footnotes rewritten, links pointed at the file that holds their target,
 * and serialised as XHTML.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit, SKIP } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import { formatPlace } from '../errors.ts';
import { epubFootnotes } from './footnotes.ts';
import type { Labels } from '../labels.ts';
import { addSemantics } from './semantics.ts';

export interface ContentDoc {
  /** File name inside OEBPS/, e.g. `chapter-3.xhtml`. */
  filename: string;
  title: string;
  tree: Root;
  /** The Markdown file it came from, named in warnings. */
  source?: string;
}

type Log = (line: string) => void;

/** Kindle strips these (and rejects some); nothing in them would work on a reader anyway. */
const DROPPED_ELEMENTS = new Set(['script', 'noscript', 'style', 'form', 'input', 'select', 'textarea', 'button', 'iframe', 'object', 'embed']);

export function parseFragment(html: string): Root {
  return fromHtml(html, { fragment: true });
}

/** Removes forms, scripts, inline styles and data-* attributes; warns about what readers would mangle. */
export function cleanTree(tree: Root, where: string, log: Log): void {
  const dropped = new Set<string>();
  visitParents(tree, 'element', (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (DROPPED_ELEMENTS.has(node.tagName)) {
      dropped.add(node.tagName);
      const index = parent.children.indexOf(node);
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    const props = node.properties;
    for (const key of Object.keys(props)) if (/^data[A-Z]/.test(key)) delete props[key];
    if (props.style !== undefined) {
      dropped.add('style=""');
      delete props.style;
    }
    if (props.align !== undefined) {
      // GFM table alignment; `align` is obsolete in XHTML5, a class keeps it styleable.
      props.className = [...((props.className as string[]) ?? []), `align-${props.align}`];
      delete props.align;
    }
    if (node.tagName === 'ol' && props.start !== undefined && Number(props.start) !== 1) {
      log(`warning: ${where}: a numbered list starts at ${props.start}; epub-gen-memory drops start=, so e-readers number it from 1`);
    }
    if (node.tagName === 'table' && ancestors.some((a) => a.type === 'element' && a.tagName === 'table')) log(`warning: ${where}: a table inside a table; Kindle does not support nested tables`);
    return undefined;
  });
  if (dropped.size) log(`warning: ${where}: removed ${[...dropped].join(', ')} (e-readers do not support them)`);
}

/** Marks a chapter's outer section as an EPUB chapter, adds the semantics screen readers need and converts its footnotes; returns the number of notes. */
export function markChapter(tree: Root, labels: Labels): number {
  const section = tree.children.find((n): n is Element => n.type === 'element' && n.tagName === 'section');
  if (section) section.properties = { ...section.properties, 'epub:type': 'chapter', role: 'doc-chapter' };
  addSemantics(tree, String(section?.properties.id ?? 'chapter'));
  return epubFootnotes(tree, labels.backToNote);
}

export function collectIds(tree: Root): Set<string> {
  const ids = new Set<string>();
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
  return ids;
}

/**
 * Points `href="#id"` at the file that holds the id; a link whose target exists nowhere becomes
 * plain text (epubcheck reports a missing fragment as an error).
 */
export function resolveLinks(docs: ContentDoc[], log: Log): Map<string, string> {
  const idsByDoc = new Map(docs.map((d) => [d, collectIds(d.tree)]));
  const fileOf = new Map<string, string>();
  for (const [doc, ids] of idsByDoc) for (const id of ids) if (!fileOf.has(id)) fileOf.set(id, doc.filename);
  for (const doc of docs) {
    visit(doc.tree, 'element', (node, index, parent) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return undefined;
      const id = decodeURIComponent(href.slice(1));
      if (idsByDoc.get(doc)!.has(id)) return undefined;
      const file = fileOf.get(id);
      if (file) {
        node.properties.href = `${file}#${href.slice(1)}`;
        return undefined;
      }
      log(`warning: ${doc.source ? formatPlace({ file: doc.source }) : doc.filename}: link to #${id}, which is nowhere in the book; kept its text without the link`);
      if (parent && index !== undefined) parent.children.splice(index, 1, ...node.children);
      return [SKIP, index];
    });
  }
  return fileOf;
}

/** XHTML for epub-gen-memory (which re-serialises it as XML: `hidden` becomes `hidden=""`, entities numeric). */
export function toXhtml(tree: Root): string {
  return toHtml(tree, { closeSelfClosing: true, closeEmptyElements: false, characterReferences: { useNamedReferences: false } });
}
