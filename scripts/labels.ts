/**
 * The words Kindred prints itself (Partner A, Date, Page x of y, the handout notes): one file per
 * language in templates/labels/<lang>.yaml, English as the fallback for a missing file or key.
 */
import { readFileSync } from 'node:fs';
import { KindredError } from './errors.ts';
import { parseYaml } from './load-book.ts';
import type { TemplateSet } from './render-template.ts';

export type Labels = Record<string, string>;

const cache = new Map<string, Labels>();

function readLabels(templates: TemplateSet, lang: string): Labels {
  const file = templates.resolve(`labels/${lang}.yaml`);
  if (!file) return {};
  const { value } = parseYaml(readFileSync(file, 'utf8'), file);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new KindredError('a labels file must be a mapping of names to texts', { file, line: 1 });
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** The labels for a BCP 47 language (`pt-BR` → labels/pt-BR.yaml, then labels/pt.yaml, then English). */
export function loadLabels(templates: TemplateSet, language = 'en'): Labels {
  const key = `${templates.dirs.join('|')}\0${language}`;
  let labels = cache.get(key);
  if (!labels) {
    const primary = language.split('-')[0].toLowerCase();
    labels = { ...readLabels(templates, 'en'), ...readLabels(templates, primary), ...(primary === language ? {} : readLabels(templates, language)) };
    cache.set(key, labels);
  }
  return labels;
}

/** Fills the `{name}` slots of a label. */
export function formatLabel(label: string, values: Record<string, unknown>): string {
  return label.replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}
