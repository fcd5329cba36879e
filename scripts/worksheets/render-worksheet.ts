/** Renders one worksheet for one medium: its template inside the shared worksheet frame. */
import QRCode from 'qrcode';
import type { TemplateSet } from '../render-template.ts';
import { formatLabel, loadLabels } from '../labels.ts';
import type { WorksheetInstance } from './prepare-worksheets.ts';
import { MEDIA, type Medium } from '../media.ts';

export interface RenderOptions {
  /** The PDF will get form fields over the write-in elements (nothing changes visually). */
  fillable?: boolean;
  /** Values to print in write-in fields, by field name (e.g. `partnerA.name`). */
  prefill?: Record<string, string>;
}

/** The two people a worksheet speaks to; field names use the keys whatever the labels say. */
const partners = (labels: Record<string, string>) => [
  { key: 'partnerA', label: labels.partnerA, letter: 'A' },
  { key: 'partnerB', label: labels.partnerB, letter: 'B' },
];

/** A QR code as one SVG path (vector, so it prints sharp at any size); dark modules are unit squares. */
export function qrSvg(text: string, title: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.get(y, x)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="ws-qr" viewBox="0 0 ${n + 8} ${n + 8}" role="img" aria-label="${escaped}" shape-rendering="crispEdges"><rect width="${n + 8}" height="${n + 8}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}

/** Instructions may be one text, or one per medium (a handout falls back to print's); split into paragraphs. */
function instructionsFor(value: unknown, medium: Medium): string[] {
  const byMedium = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const chosen = byMedium ? MEDIA[medium].instructions.map((m) => byMedium[m]).find((v) => v != null) : value;
  return typeof chosen === 'string' ? chosen.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean) : [];
}

/** What a worksheet template receives: its data, the medium's flags, the labels and the partners (docs/templates.md). */
export function worksheetContext(instance: WorksheetInstance, medium: Medium, templates: TemplateSet, options: RenderOptions = {}): Record<string, unknown> {
  const labels = loadLabels(templates, instance);
  const handoutUrl = instance.handoutUrl;
  return {
    partners: partners(labels),
    labels,
    handoutUrl,
    handoutQr: handoutUrl && medium === 'print' ? qrSvg(handoutUrl, `${labels.handoutQr}: ${handoutUrl}`) : undefined,
    handoutElsewhere: formatLabel(labels.handoutElsewhere, { title: instance.title }),
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
}

/** HTML fragment for one worksheet in one medium. */
export function renderWorksheet(instance: WorksheetInstance, medium: Medium, templates: TemplateSet, options: RenderOptions = {}): string {
  const context = worksheetContext(instance, medium, templates, options);
  const body = templates.render(`worksheets/${instance.template}.hbs`, context);
  return templates.render('partials/worksheet-frame.hbs', { ...context, body }).trim() + '\n';
}
