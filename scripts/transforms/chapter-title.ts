/**
 * Finds a chapter's title as people write chapters (and READMEs): front matter `title:`, else the first
 * level-one heading — Markdown `#`, setext `===` or raw HTML `<h1>` — else the file name. The title
 * becomes the chapter's one `#` heading, first in the tree, so the opener is built around it; what
 * came before it (a logo, badges, an introduction) follows it. A later level-one heading becomes a
 * section (`##`), with a warning. Front matter is removed. No readable file is refused.
 */
import { basename, extname } from 'node:path';
import type { Heading, Html, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { fromHtml } from 'hast-util-from-html';
import { toString as hastToString } from 'hast-util-to-string';
import { parse as parseYaml } from 'yaml';
import { fileWarning } from '../diagnostics.ts';

const H1 = /<h1\b[^>]*>([\s\S]*?)(?:<\/h1\s*>|$)/i;
const H1_TAGS = /<(\/?)h1\b/gi;

/** "03-getting-started.md" → "Getting started". */
export function titleFromFileName(path: string): string {
  const stem = basename(path, extname(path));
  const words = stem
    .replace(/^\d+[-_.\s]*/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  if (!words) return stem;
  return words[0].toUpperCase() + words.slice(1);
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of raw HTML (entities decoded), or its images' alt text when it has none. */
function htmlText(html: string): string {
  const tree = fromHtml(html, { fragment: true });
  const text = squash(hastToString(tree));
  if (text) return text;
  const alts: string[] = [];
  visit(tree, 'element', (node) => {
    if (node.tagName === 'img' && typeof node.properties.alt === 'string') alts.push(node.properties.alt);
  });
  return squash(alts.join(' '));
}

/** The `title:` of YAML front matter, when it has one; a front matter that is not YAML is a warning. */
function frontMatterTitle(node: RootContent, file: VFile): string | undefined {
  if (node.type !== 'yaml') return undefined;
  try {
    const data: unknown = parseYaml(node.value);
    const title = data && typeof data === 'object' ? (data as Record<string, unknown>).title : undefined;
    return typeof title === 'string' || typeof title === 'number' ? squash(String(title)) || undefined : undefined;
  } catch {
    fileWarning(file, 'the front matter is not valid YAML; it is left out', node, 'front-matter');
    return undefined;
  }
}

const isTitleNode = (node: RootContent): node is Heading | Html => (node.type === 'heading' && node.depth === 1) || (node.type === 'html' && H1.test(node.value));

function makeHeading(children: Heading['children'], text: string, position: RootContent['position']): Heading {
  return { type: 'heading', depth: 1, children, position, data: { titleText: text } as Heading['data'] };
}

/** Makes the chapter's title its first node, a `#` heading; returns the title's text. */
export function normaliseChapterTitle(tree: Root, file: VFile): string {
  let declared: string | undefined;
  let declaredAt: RootContent['position'];
  tree.children = tree.children.filter((node) => {
    if (node.type !== 'yaml' && node.type !== ('toml' as string)) return true;
    declared ??= frontMatterTitle(node, file);
    declaredAt ??= declared ? node.position : undefined;
    return false;
  });

  const index = tree.children.findIndex(isTitleNode);
  const found = index >= 0 ? tree.children[index] : undefined;
  let title: Heading | undefined;

  if (found?.type === 'heading') {
    const text = squash(toString(found, { includeHtml: false }));
    // A `# Title` that repeats the front matter's title is the same title, not a section.
    if (!declared || squash(declared) === text) {
      tree.children.splice(index, 1);
      title = declared ? makeHeading([{ type: 'text', value: declared }], declared, declaredAt) : { ...found, data: { ...found.data, titleText: text || titleFromFileName(file.path) } as Heading['data'] };
    }
  } else if (found?.type === 'html') {
    const match = H1.exec(found.value)!;
    const text = htmlText(match[1]);
    if (!declared || squash(declared) === text) {
      const rest = found.value.slice(0, match.index) + found.value.slice(match.index + match[0].length);
      if (rest.trim()) found.value = rest;
      else tree.children.splice(index, 1);
      title = declared
        ? makeHeading([{ type: 'text', value: declared }], declared, declaredAt)
        : makeHeading([{ type: 'html', value: match[1].trim() }], text || titleFromFileName(file.path), found.position);
    }
  }
  if (!title && declared) title = makeHeading([{ type: 'text', value: declared }], declared, declaredAt);
  if (!title) {
    const text = titleFromFileName(file.path);
    fileWarning(file, `the chapter has no level-one heading (# Title) and no title: in front matter; its title “${text}” comes from the file name`, { position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } }, 'missing-title');
    title = makeHeading([{ type: 'text', value: text }], text, { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } });
  }
  demoteLaterTitles(tree, file);
  tree.children.unshift(title);
  return (title.data as { titleText: string }).titleText;
}

/** Every other level-one heading, Markdown or raw HTML, becomes a section heading, with a warning. */
function demoteLaterTitles(tree: Root, file: VFile): void {
  visit(tree, (node) => {
    if (node.type === 'heading' && node.depth === 1) {
      node.depth = 2;
      fileWarning(file, `a second level-one heading “${squash(toString(node, { includeHtml: false }))}” is set as a section (##); a chapter has one title`, node, 'second-title');
    } else if (node.type === 'html' && H1.test(node.value)) {
      fileWarning(file, `a second level-one heading “${htmlText(H1.exec(node.value)![1])}” (<h1>) is set as a section (<h2>); a chapter has one title`, node, 'second-title');
      node.value = node.value.replace(H1_TAGS, '<$1h2');
    }
  });
}
