/** Renders one worksheet for one medium: its template inside the shared worksheet frame. */
import type { TemplateSet } from '../render-template.ts';
import type { WorksheetInstance } from './prepare-worksheets.ts';
import { MEDIA, type Medium } from '../media.ts';

export interface RenderOptions {
  /** The PDF will get form fields over the write-in elements (nothing changes visually). */
  fillable?: boolean;
  /** Values to print in write-in fields, by field name (e.g. `partnerA.name`). */
  prefill?: Record<string, string>;
}

/** The two people a worksheet speaks to; field names use the keys whatever the labels say. */
const PARTNERS = [
  { key: 'partnerA', label: 'Partner A', letter: 'A' },
  { key: 'partnerB', label: 'Partner B', letter: 'B' },
];

/** Instructions may be one text, or one per medium (a handout falls back to print's); split into paragraphs. */
function instructionsFor(value: unknown, medium: Medium): string[] {
  const byMedium = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const chosen = byMedium ? MEDIA[medium].instructions.map((m) => byMedium[m]).find((v) => v != null) : value;
  return typeof chosen === 'string' ? chosen.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean) : [];
}

/** HTML fragment for one worksheet in one medium. */
export function renderWorksheet(instance: WorksheetInstance, medium: Medium, templates: TemplateSet, options: RenderOptions = {}): string {
  const context = {
    partners: PARTNERS,
    ...instance.context,
    instructions: instructionsFor(instance.context.instructions, medium),
    medium,
    /** Paper (print and handout): write-in lines, boxes and fields. */
    print: MEDIA[medium].paged,
    epub: MEDIA[medium].reflowable,
    /** A counselor's single-worksheet handout: one copy, one or two pages, no book numbering. */
    handout: MEDIA[medium].singleSheet,
    fillable: options.fillable ?? false,
    prefill: options.prefill ?? {},
    number: instance.number,
    title: instance.title,
    id: instance.id,
    template: instance.template,
  };
  const body = templates.render(`worksheets/${instance.template}.hbs`, context);
  return templates.render('partials/worksheet-frame.hbs', { ...context, body }).trim() + '\n';
}
