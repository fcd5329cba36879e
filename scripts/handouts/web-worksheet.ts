/**
 * The web worksheet (`kindred handouts --format html`): the printed handout's HTML as one self-contained
 * file — fonts, styles, logo and script inline, nothing loaded from anywhere — in which every write-in
 * element holds a real, labelled form control. Answers are kept in the browser's localStorage as they are
 * typed and restored on reload; "Save my answers" writes them to a file the client can send back; printing
 * reproduces the handout (the same page CSS as the PDF). Portals that cannot fill PDF forms can show it.
 */
import { readFileSync } from 'node:fs';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { readCss } from '../pdf/print-css.ts';
import { writeAtomic } from '../write-atomic.ts';
import { formatLabel, loadLabels } from '../labels.ts';
import type { Book } from '../load-book.ts';
import type { TemplateSet } from '../render-template.ts';
import { creditLine, type Brand, type Paper } from './brand.ts';
import { walk, type FieldSpec } from './field-markers.ts';
import { clientValues, handoutHtml } from './handout-html.ts';
import type { HandoutFailure, HandoutJob } from './write-handouts.ts';

export interface WebSettings {
  book: Book;
  brand: Brand;
  templates: TemplateSet;
  paper: Paper;
  log: (line: string) => void;
}

export interface WebResult {
  name: string;
  path: string;
  fields: number;
  bytes: number;
}

const el = (tagName: string, properties: Record<string, unknown>, children: ElementContent[] = []): Element => ({
  type: 'element',
  tagName,
  properties: properties as Element['properties'],
  children,
});
const text = (value: string) => ({ type: 'text' as const, value });

function findFirst(node: Root | Element, test: (e: Element) => boolean): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) return child;
    const found = findFirst(child, test);
    if (found) return found;
  }
  return undefined;
}

/** Puts a form control into every write-in element; returns the fields in document order. */
function addControls(tree: Root, values: Record<string, string>): FieldSpec[] {
  const fields: FieldSpec[] = [];
  walk(tree, '', [], { prefixWithWorksheet: true }, (node, spec) => {
    fields.push(spec);
    const label = spec.label ?? spec.name;
    const common = { name: spec.name, className: ['web-control'], ariaLabel: label };
    let control: Element;
    if (spec.type === 'radio') control = el('input', { ...common, type: 'radio', value: spec.value ?? '', ariaLabel: `${label}: ${spec.value}` });
    else if (spec.type === 'checkbox') control = el('input', { ...common, type: 'checkbox', value: 'yes' });
    else if (spec.type === 'multiline') control = el('textarea', { ...common, rows: 3 }, values[spec.name] ? [text(values[spec.name])] : []);
    else control = el('input', { ...common, type: 'text', autoComplete: 'off', value: values[spec.name] ?? undefined });
    // The element's printed text (a pre-filled value) is now the control's value.
    node.children = spec.type === 'radio' ? node.children : [];
    node.children.push(control);
    node.properties = { ...node.properties, dataFieldType: spec.type };
  });
  return fields;
}

const SCRIPT = `(() => {
  const form = document.querySelector('form.web-form');
  const key = 'kindred-answers:' + form.dataset.key;
  const status = document.querySelector('.web-status');
  const controls = () => Array.from(form.querySelectorAll('.web-control'));
  const read = () => {
    const answers = {};
    for (const c of controls()) {
      if (c.type === 'radio') { if (c.checked) answers[c.name] = c.value; }
      else if (c.type === 'checkbox') { if (c.checked) answers[c.name] = 'yes'; }
      else if (c.value) answers[c.name] = c.value;
    }
    return answers;
  };
  const restore = (answers) => {
    for (const c of controls()) {
      const v = answers[c.name];
      if (v === undefined) continue;
      if (c.type === 'radio') c.checked = c.value === v;
      else if (c.type === 'checkbox') c.checked = v === 'yes';
      else c.value = v;
    }
  };
  try { restore(JSON.parse(localStorage.getItem(key) || '{}')); } catch (e) { /* nothing saved yet */ }
  const save = () => {
    try { localStorage.setItem(key, JSON.stringify(read())); status.textContent = status.dataset.saved; } catch (e) { /* storage is off: the file still works */ }
  };
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  form.addEventListener('submit', (event) => event.preventDefault());
  document.querySelector('.web-save').addEventListener('click', () => {
    const answers = read();
    const labels = {};
    for (const c of controls()) labels[c.name] = c.type === 'radio' ? c.getAttribute('aria-label').replace(/: [^:]*$/, '') : c.getAttribute('aria-label');
    const file = { worksheet: document.title, saved: new Date().toISOString(), answers: Object.keys(answers).map((name) => ({ name, label: labels[name], value: answers[name] })) };
    const blob = new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = form.dataset.file + '-answers.json';
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  document.querySelector('.web-print').addEventListener('click', () => window.print());
})();`;

/** One web worksheet document for a job. */
export function webWorksheet(job: HandoutJob, s: WebSettings): { html: string; fields: FieldSpec[] } {
  const labels = loadLabels(s.templates, s.book);
  const raw = handoutHtml({
    book: s.book,
    brand: s.brand,
    templates: s.templates,
    paper: s.paper,
    worksheets: job.worksheets,
    fillable: true,
    client: job.client,
    warn: s.log,
    extraCss: readCss(s.templates, ['handout-web.css'], 'print', s.log),
    fontUrl: (source) => `data:font/${source.format === 'truetype' ? 'ttf' : source.format === 'opentype' ? 'otf' : source.format};base64,${readFileSync(source.file).toString('base64')}`,
  });
  const tree = fromHtml(raw);
  const fields = addControls(tree, clientValues(job.client));
  const body = findFirst(tree, (e) => e.tagName === 'body')!;
  const head = findFirst(tree, (e) => e.tagName === 'head')!;
  head.children.push(el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }));
  const articles = body.children.filter((c) => c.type === 'element' && c.tagName === 'article');
  const rest = body.children.filter((c) => !articles.includes(c));
  const practice = [s.brand.practice, s.brand.clinician].filter(Boolean).join(' · ');
  const header = el('header', { className: ['web-header'] }, [
    el('h1', { className: ['web-book'] }, [text(practice || s.book.title)]),
    ...(s.brand.contact ? [el('p', { className: ['web-contact'] }, [text(s.brand.contact)])] : []),
  ]);
  const toolbar = el('div', { className: ['web-toolbar'] }, [
    el('button', { type: 'button', className: ['web-save'] }, [text(labels.saveAnswers)]),
    el('button', { type: 'button', className: ['web-print'] }, [text(labels.printHandout)]),
    el('p', { className: ['web-help'] }, [text(labels.saveHelp)]),
    el('p', { className: ['web-status'], role: 'status', dataSaved: labels.saved }, []),
  ]);
  const form = el('form', { className: ['web-form'], dataKey: `${s.book.slug}/${job.name}`, dataFile: job.name, autoComplete: 'off' }, articles);
  const footer = el('footer', { className: ['web-footer'] }, [text(creditLine(s.brand, s.book, labels))]);
  body.children = [...rest, header, el('main', {}, [toolbar, form]), footer, el('script', {}, [text(SCRIPT)])];
  const html = `<!DOCTYPE html>\n${toHtml(tree, { allowDangerousHtml: true }).replace(/^<!doctype html>\s*/i, '')}`;
  return { html, fields: fields.map((f) => ({ ...f, label: f.label ? formatLabel(f.label, {}) : f.label })) };
}

/** Writes one web worksheet per job; a job that fails is reported and the others are written. */
export function writeWebWorksheets(jobs: HandoutJob[], s: WebSettings): { results: WebResult[]; failures: HandoutFailure[] } {
  const results: WebResult[] = [];
  const failures: HandoutFailure[] = [];
  for (const job of jobs) {
    try {
      const { html, fields } = webWorksheet(job, s);
      const path = job.outPath.replace(/\.pdf$/, '.html');
      writeAtomic(path, html);
      results.push({ name: job.name, path, fields: new Set(fields.map((f) => f.name)).size, bytes: Buffer.byteLength(html) });
    } catch (error) {
      failures.push({ job, error });
    }
  }
  return { results, failures };
}
