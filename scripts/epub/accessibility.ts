/**
 * The accessibility claims, checked rather than assumed. Kindred's own checks run on the chapter trees
 * (they still know the Markdown line): images have alt text, heading levels do not skip, tables have
 * header cells, every document has a language. axe-core (the engine DAISY Ace runs) then runs in the
 * browser over every content document of the finished package. The OPF's conformance claim, features
 * and summary are written from what both found.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { Files } from './zip.ts';
import { formatPlace } from '../errors.ts';
import type { BrowserHandle } from '../browser.ts';
import { removeTempFolder, tempFolder } from '../temp.ts';
import { type Cache, hash, kindredVersion, readJson } from '../cache.ts';

export interface Finding {
  /** `heading-order`, `image-alt`, `table-headers`, `document-language`, or an axe rule id. */
  rule: string;
  /** Where: the Markdown file:line when known, else the EPUB file:line. */
  where: string;
  message: string;
}

/** The axe tags Ace's WCAG 2 AA checks use, plus heading order (a best practice, but Ace reports it). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_RULES = { 'heading-order': { enabled: true } };

const lineOf = (node: Element): number | undefined => {
  const line = node.properties?.dataSourceLine;
  return line === undefined ? undefined : Number(line);
};

/**
 * Kindred's own checks on one content document before it is cleaned (`data-source-line` still there).
 * `where` names the source file, `level` carries the last heading level across documents.
 */
export function checkTree(tree: Root, where: { file: string; source?: string }): Finding[] {
  const findings: Finding[] = [];
  const place = (node: Element) => {
    const line = lineOf(node);
    return where.source && line ? formatPlace({ file: where.source, line }) : formatPlace({ file: where.source ?? where.file });
  };
  let level = 0;
  visit(tree, 'element', (node) => {
    const heading = /^h([1-6])$/.exec(node.tagName);
    if (heading) {
      const depth = Number(heading[1]);
      if (level && depth > level + 1) {
        findings.push({ rule: 'heading-order', where: place(node), message: `a level-${depth} heading follows a level-${level} one; heading levels should go down one at a time (use ${'#'.repeat(level + 1)})` });
      }
      level = depth;
    }
    if (node.tagName === 'img' && (typeof node.properties.alt !== 'string' || !node.properties.alt.trim())) {
      findings.push({ rule: 'image-alt', where: place(node), message: 'an image has no alt text; describe it in the brackets: ![what it shows](file.png)' });
    }
    if (node.tagName === 'table') {
      let headers = 0;
      visit(node, 'element', (cell) => {
        if (cell.tagName === 'th') headers++;
      });
      if (!headers) findings.push({ rule: 'table-headers', where: place(node), message: 'a table has no header cells; give it a header row (GFM tables always have one)' });
    }
    return undefined;
  });
  return findings;
}

/** The language of every content document: epub-gen-memory and the nav writer set it; a missing one is a finding. */
export function checkLanguages(files: Files, spine: string[]): Finding[] {
  const decoder = new TextDecoder();
  return spine.flatMap((href) => {
    const file = files.get(`OEBPS/${href}`);
    const text = typeof file === 'string' ? file : decoder.decode(file);
    return /<html[^>]*\sxml:lang="[^"]+"/.test(text) && /<html[^>]*\slang="[^"]+"/.test(text)
      ? []
      : [{ rule: 'document-language', where: `${href}:1`, message: 'the document does not say its language (lang and xml:lang on <html>)' }];
  });
}

/** Line of the nth start tag (0-based, document order) in well-formed XHTML. */
function lineOfElement(xhtml: string, index: number): number {
  const match = [...xhtml.matchAll(/<(?![!?/])[A-Za-z]/g)][index];
  return match ? xhtml.slice(0, match.index).split('\n').length : 1;
}

interface AxeNode {
  index: number;
  summary: string;
}
interface AxeViolation {
  id: string;
  help: string;
  nodes: AxeNode[];
}

/** In the page: replaces the document's elements with those of `xhtml`, and waits for its styles, images and fonts. */
async function showDocument(xhtml: string): Promise<void> {
  // No named functions inside: tsx's transform would wrap them in a helper the page does not have.
  const parsed = new DOMParser().parseFromString(xhtml, 'application/xhtml+xml');
  document.replaceChild(document.adoptNode(parsed.documentElement), document.documentElement);
  const pending = [...Array.from(document.querySelectorAll('link[rel~="stylesheet"]')).filter((link) => !(link as HTMLLinkElement).sheet), ...Array.from(document.images).filter((image) => !image.complete)];
  await Promise.all(
    pending.map(
      (element) =>
        new Promise((done) => {
          element.addEventListener('load', done);
          element.addEventListener('error', done);
        }),
    ),
  );
  await document.fonts.ready;
}

const isViolations = (value: unknown): value is AxeViolation[] =>
  Array.isArray(value) && value.every((v) => typeof v?.id === 'string' && typeof v.help === 'string' && Array.isArray(v.nodes));

/**
 * Runs axe-core in the shared browser over every content document; one finding per offending element.
 * With a cache, a document's violations are kept by its text and every other file of the package (the
 * styles, fonts and images axe sees it with), so a rebuild checks only the documents that changed.
 */
export async function runAxe(browser: BrowserHandle, files: Files, spine: string[], sources: Map<string, string>, cache?: { cache: Cache; identity: string }): Promise<Finding[]> {
  const decoder = new TextDecoder();
  const texts = new Map(
    spine.map((href) => {
      const file = files.get(`OEBPS/${href}`) ?? '';
      return [href, typeof file === 'string' ? file : decoder.decode(file)];
    }),
  );
  const textOf = (href: string) => texts.get(href) ?? '';
  // What a document is seen with: the package's styles, fonts and images (not its dated package file).
  const resources = [...files.keys()].filter((path) => path.startsWith('OEBPS/') && /\.(css|ttf|otf|woff2?|png|jpe?g|gif|svg|webp)$/i.test(path)).sort();
  const context = cache && hash(kindredVersion(), cache.identity, ...resources.flatMap((path) => [path, files.get(path) ?? '']));
  const keyOf = (href: string) => (context ? hash(context, href, textOf(href)) : '');
  const found = new Map<string, AxeViolation[]>();
  for (const href of spine) {
    const violations = cache && readJson(cache.cache, 'axe', keyOf(href), isViolations);
    if (violations) found.set(href, violations);
  }
  const unchecked = spine.filter((href) => !found.has(href));
  if (unchecked.length) {
    for (const [href, violations] of await axeDocuments(browser, files, unchecked, textOf)) {
      found.set(href, violations);
      cache?.cache.put('axe', keyOf(href), JSON.stringify(violations));
    }
  }
  const findings: Finding[] = [];
  for (const href of spine) {
    const text = textOf(href);
    for (const v of found.get(href) ?? []) {
      for (const node of v.nodes) {
        const source = sources.get(href);
        findings.push({ rule: v.id, where: `${href}:${lineOfElement(text, node.index)}${source ? ` (from ${formatPlace({ file: source })})` : ''}`, message: v.help });
      }
    }
  }
  return findings;
}

/** axe-core's violations in each of these content documents, opened one after another on one page. */
async function axeDocuments(browser: BrowserHandle, files: Files, spine: string[], textOf: (href: string) => string): Promise<Map<string, AxeViolation[]>> {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const dir = tempFolder('axe');
  const results = new Map<string, AxeViolation[]>();
  try {
    for (const [path, data] of files) {
      if (!path.startsWith('OEBPS/')) continue;
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    await browser.withPage({ allowRoots: [dir], name: 'the EPUB accessibility check' }, async (page) => {
      // axe in every document this page opens, before its own scripts: compiled once, not once a document.
      await page.evaluateOnNewDocument(axeSource);
      for (const [i, href] of spine.entries()) {
        const text = textOf(href);
        // The first document is navigated to; each next one replaces its elements in the same document,
        // which keeps axe, the styles and the fonts loaded (a navigation per document cost about twice
        // as much). One in another folder than the document before it is navigated to, so that its
        // relative links resolve from its own folder.
        if (i === 0 || dirname(href) !== dirname(spine[i - 1])) await page.goto(pathToFileURL(join(dir, 'OEBPS', href)).href, { waitUntil: 'load' });
        else await page.evaluate(showDocument, text);
        const violations = (await page.evaluate(
          async (tags, rules) => {
            const all = Array.from(document.getElementsByTagName('*'));
            const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: never[] }> } }).axe;
            const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
            return result.violations.map((v: { id: string; help: string; nodes: { failureSummary?: string; target: string[] }[] }) => ({
              id: v.id,
              help: v.help,
              nodes: v.nodes.map((n) => ({ index: all.findIndex((e) => e === document.querySelector(n.target[0])), summary: n.failureSummary ?? '' })),
            }));
          },
          AXE_TAGS,
          AXE_RULES,
        )) as AxeViolation[];
        results.set(href, violations);
      }
    });
  } finally {
    removeTempFolder(dir);
  }
  return results;
}
