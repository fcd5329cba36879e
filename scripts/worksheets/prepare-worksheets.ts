/**
 * Finds the `::worksheet{template="NAME" …}` directives of every chapter, checks them, loads and
 * validates their data and numbers them in book order. Every problem in the book is reported at once.
 */
import type { Cache } from '../cache.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Root } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { formatPlace, KindredError, KindredErrors, type Place } from '../errors.ts';
import { slugify } from '../load-book.ts';
import { BUILTIN_TEMPLATES, type TemplateSet } from '../render-template.ts';
import { worksheetData, type DataCache } from './worksheet-data.ts';
import { checkFieldNames } from './check-field-names.ts';
import { warnMissingVariables } from './check-template-variables.ts';
import { loadLabels, type Labels } from '../labels.ts';

export type { Medium } from '../media.ts';

export interface WorksheetInstance {
  /** From id= attribute, else slug of the template (+ -2, -3 when repeated); unique in the book. */
  id: string;
  /** 1-based, book order. */
  number: number;
  title: string;
  template: string;
  chapterNumber: number;
  /** Attributes + validated YAML data (+ what the built-in type derives from it). */
  context: Record<string, unknown>;
  /** The directive's position. */
  place: { file: string; line: number; column: number };
  /** The data file, when there is one (for messages that name a YAML line). */
  dataFile?: string;
  /** The book's language (labels/<language>.yaml). */
  language?: string;
  /** The book's own labels (book.yaml `labels:`). */
  labels?: Record<string, string>;
  /** Where the handout of this worksheet is published (book.yaml `handouts.url` + id), if anywhere. */
  handoutUrl?: string;
}

export interface ChapterTree {
  tree: Root;
  path: string;
  chapterNumber: number;
}

const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const SUBDIR = 'worksheets';
/** Ids whose fields a handout reserves: `client.partnerA`, `client.partnerB`, `client.date` head every worksheet of a packet. */
const RESERVED_IDS = ['client'];

/** The title a template's source declares in a `{{!-- title: … --}}` comment. */
export function declaredTitle(source: string): string | undefined {
  return /\{\{!--\s*title:\s*(.+?)\s*--\}\}/.exec(source)?.[1] || undefined;
}

/**
 * A built-in template's title in the book's language (the label `titleCheckIn` for check-in); a
 * user's template's from its `{{!-- title: … --}}` comment; else the template's name in words.
 */
function defaultTitle(templates: TemplateSet, template: string, builtin: boolean, labels: Labels): string {
  const translated = builtin ? labels[`title${template.replace(/(^|[-_]+)(\w)/g, (_, _sep, c: string) => c.toUpperCase())}`] : undefined;
  if (translated) return translated;
  const file = templates.resolve(`${SUBDIR}/${template}.hbs`);
  const declared = file && declaredTitle(readFileSync(file, 'utf8'));
  return declared || template.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

/** Edit distance, to suggest the template a misspelt name meant. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function unknownTemplate(name: string, templates: TemplateSet, at: Place): KindredError {
  const available = templates.list(SUBDIR);
  const near = available.filter((n) => distance(n, name) <= Math.max(2, Math.floor(name.length / 4)));
  return new KindredError(`unknown worksheet template "${name}"${near.length ? ` (did you mean "${near[0]}"?)` : ''}`, {
    ...at,
    hint: `Available templates: ${available.join(', ') || '(none)'}.\nAdd ${SUBDIR}/${name}.hbs to your --templates folder to define a new one.`,
  });
}

interface Found {
  /** Undefined for a worksheet directive of the wrong kind (`:worksheet` inline, `:::worksheet` container). */
  node?: LeafDirective;
  chapter: ChapterTree;
  at: { file: string; line: number; column: number };
}

/** Every worksheet directive, in book order. */
function findDirectives(chapters: ChapterTree[]): Found[] {
  const found: Found[] = [];
  for (const chapter of [...chapters].sort((a, b) => a.chapterNumber - b.chapterNumber)) {
    visit(chapter.tree, (node) => {
      if (!('name' in node) || node.name !== 'worksheet' || !/Directive$/.test(node.type)) return;
      const at = { file: chapter.path, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
      found.push({ node: node.type === 'leafDirective' ? (node as LeafDirective) : undefined, chapter, at });
    });
  }
  return found;
}

/** The published handout of a worksheet: `https://example.org/closer/` + `check-in.pdf`. */
export function handoutUrl(base: string, id: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${id}.pdf`;
}

/** Finds, checks, loads and numbers every worksheet; marks each directive with data.worksheetId. */
export function prepareWorksheets(
  chapters: ChapterTree[],
  options: { manuscriptDir: string; templates: TemplateSet; language?: string; labels?: Record<string, string>; handoutsUrl?: string; warn?: (line: string) => void; buildCache?: Cache },
): WorksheetInstance[] {
  const { templates } = options;
  const errors: KindredError[] = [];
  const cache: DataCache = new Map();
  const found = findDirectives(chapters);
  const explicitIds = new Map<string, Place>();
  const instances: WorksheetInstance[] = [];
  const nodes: LeafDirective[] = [];

  for (const { node, chapter, at } of found) {
    if (!node) {
      errors.push(
        new KindredError('a worksheet must be a leaf directive on its own line', {
          ...at,
          hint: 'Write it as ::worksheet{template="NAME"} (two colons), alone on its line with blank lines around it.',
        }),
      );
      continue;
    }
    const attributes = Object.fromEntries(Object.entries(node.attributes ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const template = attributes.template?.trim();
    const problems: KindredError[] = [];
    if (!template) {
      problems.push(new KindredError('::worksheet needs a template attribute', { ...at, hint: `Write ::worksheet{template="NAME"}; templates: ${templates.list(SUBDIR).join(', ')}.` }));
    } else if (!TEMPLATE_NAME.test(template) || !templates.resolve(`${SUBDIR}/${template}.hbs`)) {
      problems.push(unknownTemplate(template, templates, at));
    }
    if (attributes.id !== undefined) {
      const earlier = explicitIds.get(attributes.id);
      if (!ID.test(attributes.id)) problems.push(new KindredError(`worksheet id "${attributes.id}" is not a valid id`, { ...at, hint: 'Use letters, digits, - and _, starting with a letter.' }));
      else if (RESERVED_IDS.includes(attributes.id)) problems.push(new KindredError(`worksheet id "${attributes.id}" is reserved`, { ...at, hint: "Handouts name the clients' line client.partnerA, client.partnerB and client.date; choose another id (see docs/templates.md)." }));
      else if (earlier) problems.push(new KindredError(`worksheet id "${attributes.id}" is used twice`, { ...at, hint: `It is also used at ${formatPlace(earlier)}.` }));
      else explicitIds.set(attributes.id, at);
    }
    if (attributes.data !== undefined && attributes.data.trim() === '') problems.push(new KindredError('data="" names no file', { ...at }));
    if (problems.length || !template) {
      errors.push(...problems);
      continue;
    }
    try {
      // A user's template of the same name replaces the built-in one, and with it the built-in schema.
      const builtin = templates.resolve(`${SUBDIR}/${template}.hbs`) === join(BUILTIN_TEMPLATES, SUBDIR, `${template}.hbs`);
      const { context, dataFile } = worksheetData(template, attributes, { manuscriptDir: options.manuscriptDir, builtin, at, cache });
      const label = node.children.length ? toString(node).trim() : '';
      const title = attributes.title?.trim() || label || (typeof context.title === 'string' && context.title.trim()) || defaultTitle(templates, template, builtin, loadLabels(templates, options));
      instances.push({ id: attributes.id ?? '', number: 0, title, template, chapterNumber: chapter.chapterNumber, context, place: at, dataFile, language: options.language, labels: options.labels });
      nodes.push(node);
    } catch (error) {
      if (error instanceof KindredErrors) errors.push(...error.errors);
      else if (error instanceof KindredError) errors.push(error);
      else throw error;
    }
  }

  if (errors.length) {
    const seen = new Set<string>();
    throw new KindredErrors(errors.filter((e) => !seen.has(e.format()) && seen.add(e.format())));
  }

  const used = new Set([...RESERVED_IDS, ...explicitIds.keys()]);
  instances.forEach((instance, i) => {
    instance.number = i + 1;
    if (!instance.id) {
      const base = slugify(instance.template);
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      instance.id = id;
    }
    used.add(instance.id);
    if (options.handoutsUrl) instance.handoutUrl = handoutUrl(options.handoutsUrl, instance.id);
    nodes[i].data = { ...nodes[i].data, worksheetId: instance.id } as LeafDirective['data'];
  });
  const clashes = checkFieldNames(instances, templates, options.buildCache);
  if (clashes.length) throw new KindredErrors(clashes);
  if (options.warn) warnMissingVariables(instances, templates, options.warn);
  return instances;
}
