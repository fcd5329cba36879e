/**
 * Marker links for form fields. Chromium cannot print form fields, but it prints every link as an
 * annotation with its exact page and rectangle. So each write-in element (`[data-field]`) gets an empty
 * link covering its box (`a.kindred-field`, absolutely positioned with inset 0, see handout.css) whose
 * URL carries the field's name, type and option value; add-form-fields.ts turns them into AcroForm fields.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { Parser } from 'htmlparser2';

export const FIELD_SCHEME = 'kindred:field/';

export type FieldType = 'text' | 'multiline' | 'checkbox' | 'radio';
const TYPES: FieldType[] = ['text', 'multiline', 'checkbox', 'radio'];

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** The option a radio button stands for. */
  value?: string;
  /** What the field is for, as printed ("Partner A · What do we need more of? · line 1"): its /TU tooltip. */
  label?: string;
}

export interface MarkerOptions {
  /** Prefix each worksheet's field names with its id (`check-in.week1.date`): needed when a PDF holds several worksheets. */
  prefixWithWorksheet?: boolean;
}

/** The marker URL of a field. */
export function fieldUrl(spec: FieldSpec): string {
  const query = new URLSearchParams({ type: spec.type, ...(spec.value !== undefined ? { value: spec.value } : {}), ...(spec.label ? { label: spec.label } : {}) });
  return `${FIELD_SCHEME}${encodeURIComponent(spec.name)}?${query}`;
}

/** Reads a marker URL back; undefined for any other link. */
export function parseFieldUrl(url: string): FieldSpec | undefined {
  if (!url.startsWith(FIELD_SCHEME)) return undefined;
  const [path, query = ''] = url.slice(FIELD_SCHEME.length).split('?');
  const params = new URLSearchParams(query);
  const type = params.get('type') as FieldType;
  if (!TYPES.includes(type)) return undefined;
  return { name: decodeURIComponent(path), type, value: params.get('value') ?? undefined, label: params.get('label') ?? undefined };
}

const prop = (node: Element, name: string) => {
  const value = node.properties?.[name];
  return value === undefined || value === null ? undefined : String(value);
};

/**
 * Every write-in element of an HTML document, with the name it gets (prefixed where asked) and its
 * tooltip: the `data-field-context` of its ancestors (e.g. the partner's column) and its own
 * `data-field-label`, joined with " · ".
 */
export function walk(node: Root | Element, prefix: string, context: string[], options: MarkerOptions, visit: (el: Element, spec: FieldSpec) => void): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const worksheet = prop(child, 'dataWorksheet');
    const inner = worksheet && options.prefixWithWorksheet ? `${worksheet}.` : prefix;
    const here = prop(child, 'dataFieldContext');
    const innerContext = here ? [...context, here] : context;
    const name = prop(child, 'dataField');
    if (name) {
      const type = (prop(child, 'dataFieldType') ?? 'text') as FieldType;
      const own = prop(child, 'dataFieldLabel');
      const label = [...innerContext, ...(own ? [own] : [])].join(' · ') || undefined;
      visit(child, { name: inner + name, type: TYPES.includes(type) ? type : 'text', value: prop(child, 'dataFieldValue'), label });
    }
    walk(child, inner, innerContext, options, visit);
  }
}

/** Adds a marker link inside every write-in element; returns the HTML and the fields in document order. */
export function addFieldMarkers(html: string, options: MarkerOptions = {}): { html: string; fields: FieldSpec[] } {
  const tree = fromHtml(html);
  const fields: FieldSpec[] = [];
  walk(tree, '', [], options, (el, spec) => {
    fields.push(spec);
    // Not aria-hidden: Chromium tags the link (a /Link structure element in reading order) only when
    // it is in the accessibility tree, and add-form-fields.ts turns that element into the field's /Form.
    el.children.push({ type: 'element', tagName: 'a', properties: { className: ['kindred-field'], href: fieldUrl(spec), ariaLabel: spec.label ?? spec.name }, children: [] });
  });
  return { html: toHtml(tree), fields };
}

/** The write-in elements of an HTML document, without changing it (for tests and reports). */
export function listFields(html: string, options: MarkerOptions = {}): FieldSpec[] {
  // Read as the parser goes, without a tree (as `walk` sees it): `kindred build` checks every worksheet's
  // field names, and building a parse5 tree for each took half of that check.
  const fields: FieldSpec[] = [];
  // What each open element passes to its children: the name prefix and the tooltip's context.
  const open: { prefix: string; context: string[] }[] = [{ prefix: '', context: [] }];
  const parser = new Parser({
    onopentag(_tag, attrs) {
      const parent = open[open.length - 1];
      const worksheet = attrs['data-worksheet'];
      const prefix = worksheet && options.prefixWithWorksheet ? `${worksheet}.` : parent.prefix;
      const here = attrs['data-field-context'];
      const context = here ? [...parent.context, here] : parent.context;
      const name = attrs['data-field'];
      if (name) {
        const type = (attrs['data-field-type'] ?? 'text') as FieldType;
        const own = attrs['data-field-label'];
        const label = [...context, ...(own ? [own] : [])].join(' · ') || undefined;
        fields.push({ name: prefix + name, type: TYPES.includes(type) ? type : 'text', value: attrs['data-field-value'], label });
      }
      open.push({ prefix, context });
    },
    onclosetag() {
      if (open.length > 1) open.pop();
    },
  });
  parser.end(html);
  return fields;
}
