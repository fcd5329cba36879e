/**
 * One handout document: the worksheets' handout renderings inside layouts/handout.hbs, at full paper
 * size, with the practice's branding and the credit line in the page margins. Fillable documents get
 * field markers (field-markers.ts); flat ones print the pre-filled values instead.
 */
import type { Book } from '../load-book.ts';
import type { TemplateSet } from '../render-template.ts';
import type { WorksheetInstance } from '../worksheets/prepare-worksheets.ts';
import { renderWorksheet } from '../worksheets/render-worksheet.ts';
import { bookFonts, fontFaceCss, type FontSource } from '../fonts.ts';
import { formatLabel, loadLabels } from '../labels.ts';
import { readCss } from '../pdf/print-css.ts';
import { creditLine, type Brand, type Paper } from './brand.ts';
import { addFieldMarkers, type FieldSpec } from './field-markers.ts';

/** Paper sizes in points, and as CSS `size` values. */
export const PAPERS: Record<Paper, { css: string; width: number; height: number }> = {
  letter: { css: 'letter', width: 612, height: 792 },
  a4: { css: 'A4', width: 595.28, height: 841.89 },
};

/** Names and date for the clients' line; field names as the handout layout emits them. */
export interface Client {
  partnerA?: string;
  partnerB?: string;
  date?: string;
  /** "Please bring this back on …" (printed under the names). */
  bringBack?: string;
  /** The appointment number (printed under the names). */
  appointment?: string;
}

/** The values to pre-fill, by field name. */
export function clientValues(client: Client | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  if (client?.partnerA) values['client.partnerA'] = client.partnerA;
  if (client?.partnerB) values['client.partnerB'] = client.partnerB;
  if (client?.date) values['client.date'] = client.date;
  return values;
}

export interface HandoutInput {
  book: Book;
  brand: Brand;
  templates: TemplateSet;
  paper: Paper;
  worksheets: WorksheetInstance[];
  fillable: boolean;
  client?: Client;
  /** Hears the stylesheets' warnings (each once). */
  warn?: (line: string) => void;
}

export interface HandoutDocument {
  html: string;
  /** The form fields the document asks for (fillable only), in document order. */
  fields: FieldSpec[];
}

/** A CSS string literal, safe inside a <style> element. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/</g, '\\3C ').replace(/\r?\n/g, '\\A ')}"`;
}

const joined = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('  ·  ');

/** "Appointment 4 · Please bring this back on 2026-03-09", or ''. */
function appointmentLine(labels: Record<string, string>, client: Client | undefined): string {
  const parts = [client?.appointment ? formatLabel(labels.appointment, { n: client.appointment }) : '', client?.bringBack ? `${labels.bringBack} ${client.bringBack}` : ''];
  return parts.filter(Boolean).join(' · ');
}

/** The handout's HTML, ready to print. */
export function handoutDocument(input: HandoutInput): HandoutDocument {
  const html = handoutHtml(input);
  if (!input.fillable) return { html, fields: [] };
  // Every worksheet's fields are namespaced by its id, in a single handout as in a packet, so a name
  // means the same everywhere and never meets the clients' line (client.*).
  return addFieldMarkers(html, { prefixWithWorksheet: true });
}

/** The handout's HTML with its write-in elements (`data-field`) but no field markers; extra CSS at the end. */
export function handoutHtml(input: HandoutInput & { extraCss?: string; fontUrl?: (source: FontSource) => string }): string {
  const { book, brand, templates, fillable } = input;
  const prefill = fillable ? {} : clientValues(input.client);
  const handouts = input.worksheets.map((instance) => ({
    id: instance.id,
    html: renderWorksheet(instance, 'handout', templates, { fillable, prefill }),
  }));
  const labels = loadLabels(templates, book);
  const creditText = creditLine(brand, book, labels);
  const credit = creditText.includes(book.title) ? creditText : joined(book.title, creditText);
  // "Page {page} of {pages}" → "Page " counter(page) " of " counter(pages)
  const page = labels.page
    .split(/(\{page\}|\{pages\})/)
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : part ? cssString(part) : ''))
    .filter(Boolean)
    .join(' ');
  const css = [fontFaceCss(bookFonts(templates), input.fontUrl), readCss(templates, ['tokens.css', 'worksheets.css', 'handout.css'], 'print', input.warn), input.extraCss ?? ''].join('\n');
  return templates.render('layouts/handout.hbs', {
    book,
    brand,
    title: input.worksheets.length === 1 ? `${input.worksheets[0].title} · ${book.title}` : book.title,
    css,
    paper: { name: input.paper, ...PAPERS[input.paper] },
    fillable,
    text: {
      practice: cssString(joined(brand.practice, brand.clinician)),
      // A packet's appointment and bring-back date go under the contact line, in the margin, so they
      // cost the worksheet no room (a one-page check-in stays one page).
      contact: cssString([brand.contact ?? '', appointmentLine(labels, input.client)].filter(Boolean).join('\n')),
      credit: cssString(credit),
      page,
    },
    labels,
    logoAlt: formatLabel(labels.logo, { practice: brand.practice ?? book.title }),
    appointment: input.client?.appointment ? formatLabel(labels.appointment, { n: input.client.appointment }) : '',
    client: fillable ? { bringBack: input.client?.bringBack, appointment: input.client?.appointment } : input.client ?? {},
    handouts,
  });
}

