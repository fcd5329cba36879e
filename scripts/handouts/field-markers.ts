/**
 * Marker links for form fields. Chromium cannot print form fields, but it prints every link as an
 * annotation with its exact page and rectangle. So each write-in element (`[data-field]`) gets an empty
 * link covering its box (`a.kindred-field`, absolutely positioned with inset 0, see handout.css) whose
 * URL carries the field's name, type and option value; add-form-fields.ts turns them into AcroForm fields.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';

export const FIELD_SCHEME = 'kindred:field/';

export type FieldType = 'text' | 'multiline' | 'checkbox' | 'radio';
const TYPES: FieldType[] = ['text', 'multiline', 'checkbox', 'radio'];

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** The option a radio button stands for. */
  value?: string;
}

export interface MarkerOptions {
  /** Prefix each worksheet's field names with its id (`check-in.week1.date`): needed when a PDF holds several worksheets. */
  prefixWithWorksheet?: boolean;
}

/** The marker URL of a field. */
export function fieldUrl(spec: FieldSpec): string {
  const query = new URLSearchParams({ type: spec.type, ...(spec.value !== undefined ? { value: spec.value } : {}) });
  return `${FIELD_SCHEME}${encodeURIComponent(spec.name)}?${query}`;
}

/** Reads a marker URL back; undefined for any other link. */
export function parseFieldUrl(url: string): FieldSpec | undefined {
  if (!url.startsWith(FIELD_SCHEME)) return undefined;
  const [path, query = ''] = url.slice(FIELD_SCHEME.length).split('?');
  const params = new URLSearchParams(query);
  const type = params.get('type') as FieldType;
  if (!TYPES.includes(type)) return undefined;
  return { name: decodeURIComponent(path), type, value: params.get('value') ?? undefined };
}

const prop = (node: Element, name: string) => {
  const value = node.properties?.[name];
  return value === undefined || value === null ? undefined : String(value);
};

/** Every write-in element of an HTML document, with the name it gets (prefixed where asked). */
function walk(node: Root | Element, prefix: string, options: MarkerOptions, visit: (el: Element, spec: FieldSpec) => void): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const worksheet = prop(child, 'dataWorksheet');
    const inner = worksheet && options.prefixWithWorksheet ? `${worksheet}.` : prefix;
    const name = prop(child, 'dataField');
    if (name) {
      const type = (prop(child, 'dataFieldType') ?? 'text') as FieldType;
      visit(child, { name: inner + name, type: TYPES.includes(type) ? type : 'text', value: prop(child, 'dataFieldValue') });
    }
    walk(child, inner, options, visit);
  }
}

/** Adds a marker link inside every write-in element; returns the HTML and the fields in document order. */
export function addFieldMarkers(html: string, options: MarkerOptions = {}): { html: string; fields: FieldSpec[] } {
  const tree = fromHtml(html);
  const fields: FieldSpec[] = [];
  walk(tree, '', options, (el, spec) => {
    fields.push(spec);
    el.children.push({ type: 'element', tagName: 'a', properties: { className: ['kindred-field'], href: fieldUrl(spec), ariaHidden: 'true', tabIndex: -1 }, children: [] });
  });
  return { html: toHtml(tree), fields };
}
