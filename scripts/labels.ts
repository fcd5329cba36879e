/**
 * The words Kindred prints itself (Chapter, Contents, the callout labels, Partner A, Page x of y …):
 * one file per language in templates/labels/<lang>.yaml, English as the fallback for a missing file
 * or key, and book.yaml's `labels:` over both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPlace, KindredError, KindredErrors } from './errors.ts';
import { parseYaml } from './load-book.ts';
import { readText } from './read-text.ts';
import type { TemplateSet } from './render-template.ts';

export type Labels = Record<string, string>;

/** What chooses a book's labels: its language and its own overrides (book.yaml `labels:`). */
export interface LabelSource {
  language?: string;
  labels?: Labels;
}

const cache = new Map<string, Labels>();

/** One labels file of every templates folder, the user's over Kindred's own. */
function readLabels(templates: TemplateSet, lang: string): Labels {
  const merged: Labels = {};
  for (const dir of [...templates.dirs].reverse()) {
    const file = join(dir, 'labels', `${lang}.yaml`);
    if (!existsSync(file)) continue;
    const { value } = parseYaml(readFileSync(file, 'utf8'), file);
    if (value == null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new KindredError('a labels file must be a mapping of names to texts', { file, line: 1 });
    for (const [k, v] of Object.entries(value)) merged[k] = String(v ?? '');
  }
  return merged;
}

/** The labels for a book: `pt-BR` → labels/pt-BR.yaml over labels/pt.yaml over English, then the book's own. */
export function loadLabels(templates: TemplateSet, source: LabelSource = {}): Labels {
  const language = source.language ?? 'en';
  const key = `${templates.dirs.join('|')}\0${language}\0${JSON.stringify(source.labels ?? {})}`;
  let labels = cache.get(key);
  if (!labels) {
    const primary = language.split('-')[0].toLowerCase();
    labels = {
      ...readLabels(templates, 'en'),
      ...(primary === 'en' ? {} : readLabels(templates, primary)),
      ...(primary === language ? {} : readLabels(templates, language)),
      ...source.labels,
    };
    cache.set(key, labels);
  }
  return labels;
}

/**
 * An unknown key in book.yaml's `labels:` is an error at its line that lists the keys there are; a
 * language with no labels file is a warning (its words print in English).
 */
export function checkLabelOverrides(book: LabelSource & { configPath: string }, templates: TemplateSet, warn: (line: string) => void = () => {}): void {
  const language = book.language ?? 'en';
  const tags = [...new Set([language.split('-')[0].toLowerCase(), language])];
  if (tags[0] !== 'en' && !tags.some((tag) => templates.dirs.some((dir) => existsSync(join(dir, 'labels', `${tag}.yaml`))))) {
    warn(`warning: ${formatPlace({ file: book.configPath })}: no labels for language "${language}" (labels/${tags[0]}.yaml): the words Kindred prints itself are in English; add the file to your templates folder or set them under labels:`);
  }
  const given = Object.keys(book.labels ?? {});
  if (given.length === 0) return;
  const known = Object.keys(readLabels(templates, 'en'));
  const unknown = given.filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const { locate } = parseYaml(readText(book.configPath, () => {}), book.configPath);
  const errors = unknown.map(
    (k) =>
      new KindredError(`unknown label "${k}" in labels`, {
        file: book.configPath,
        ...locate(['labels', k], true),
        hint: `Labels a book can set: ${known.join(', ')}.`,
      }),
  );
  throw errors.length === 1 ? errors[0] : new KindredErrors(errors);
}

/** Fills the `{name}` slots of a label. */
export function formatLabel(label: string, values: Record<string, unknown>): string {
  return label.replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}
