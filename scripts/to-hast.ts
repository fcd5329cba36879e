/**
 * mdast → sanitised hast. Raw HTML in the manuscript is parsed and sanitised (never executed);
 * worksheet directives become placeholders that each medium fills in later.
 */
import type { Root as MdastRoot } from 'mdast';
import type { Root as HastRoot, Element } from 'hast';
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import { visit } from 'unist-util-visit';
import type { Labels } from './labels.ts';

const schema: SanitizeSchema = {
  ...defaultSchema,
  // Ids are ours (headings, footnotes); the renderers run no script, so there is nothing to clobber.
  clobber: [],
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), 'section', 'aside', 'figure', 'figcaption'],
  // Removed with their contents: a raw <style> block would otherwise print its CSS as text.
  strip: [...(defaultSchema.strip ?? []), 'style', 'noscript', 'template', 'title'],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'id'],
    div: [...(defaultSchema.attributes?.div ?? []), 'dataKindredWorksheet'],
  },
  protocols: { ...defaultSchema.protocols, src: ['http', 'https', 'file'] },
};

/** `labels`: the footnote section's heading and back-link name in the book's language. */
export function toHast(tree: MdastRoot, chapterId: string, labels: Labels): HastRoot {
  const processor = unified()
    .use(remarkRehype, {
      allowDangerousHtml: true,
      clobberPrefix: `${chapterId}-`,
      footnoteLabel: labels.notes,
      footnoteBackLabel: labels.backToText,
      footnoteBackContent: labels.footnoteBack,
    })
    .use(rehypeRaw)
    .use(rehypeSanitize, schema);
  return processor.runSync(tree) as HastRoot;
}

/** The worksheet placeholders left in a chapter tree: `div[data-kindred-worksheet]`. */
export function worksheetPlaceholders(tree: HastRoot): { node: Element; id: string }[] {
  const found: { node: Element; id: string }[] = [];
  visit(tree, 'element', (node) => {
    const id = node.properties?.dataKindredWorksheet;
    if (node.tagName === 'div' && typeof id === 'string') found.push({ node, id });
  });
  return found;
}
