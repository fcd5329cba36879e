/**
 * The pdf-lib pass over a printed handout: every field marker link (field-markers.ts) becomes an AcroForm
 * widget at the marker's exact rectangle, the markers are deleted, pre-filled values are set and every
 * field gets appearance streams in an embedded Unicode font, so values show without clicking.
 */
import fontkit from '@pdf-lib/fontkit';
import {
  PDFCheckBox, PDFDocument, PDFName, PDFRadioGroup, PDFTextField, drawEllipse, lineTo, moveTo,
  popGraphicsState, pushGraphicsState, rgb, setLineWidth, setStrokingColor, stroke,
  type AppearanceProviderFor, type PDFForm, type PDFPage, type PDFWidgetAnnotation,
} from 'pdf-lib';
import { fontBytes } from '../fonts.ts';
import { KindredError } from '../errors.ts';
import { parseFieldUrl, type FieldSpec } from './field-markers.ts';
import { filterAnnotations, linkAnnotations } from '../pdf/markers.ts';

export interface PlacedField extends FieldSpec {
  pageIndex: number;
  /** [x1, y1, x2, y2] in PDF points, as Chromium printed the marker. */
  rect: number[];
}

/** Reads the field markers of every page and removes them (other annotations stay). */
export function takeFieldMarkers(doc: PDFDocument): PlacedField[] {
  const placed: PlacedField[] = [];
  for (const { uri, pageIndex, rect } of linkAnnotations(doc)) {
    const spec = parseFieldUrl(uri ?? '');
    if (spec) placed.push({ ...spec, pageIndex, rect });
  }
  filterAnnotations(doc, (uri) => !parseFieldUrl(uri ?? ''));
  return placed;
}

function box(rect: number[]) {
  const [x1, y1, x2, y2] = rect;
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1), borderWidth: 0 };
}

/** Adds one widget; a name seen before gets another widget of the same field (one value, shown in both places). */
function addWidget(form: PDFForm, page: PDFPage, field: PlacedField): void {
  const at = box(field.rect);
  const existing = form.getFieldMaybe(field.name);
  if (field.type === 'radio') {
    const group = existing ? form.getRadioGroup(field.name) : form.createRadioGroup(field.name);
    group.addOptionToPage(field.value ?? String(group.getOptions().length + 1), page, { ...at, backgroundColor: undefined, borderColor: undefined });
  } else if (field.type === 'checkbox') {
    (existing ? form.getCheckBox(field.name) : form.createCheckBox(field.name)).addToPage(page, { ...at, backgroundColor: undefined, borderColor: undefined });
  } else {
    const text = existing ? form.getTextField(field.name) : form.createTextField(field.name);
    if (!existing && field.type === 'multiline') text.enableMultiline();
    text.addToPage(page, { ...at, backgroundColor: undefined, borderColor: undefined });
    // The size goes into the field's /DA, which addToPage creates.
    if (!existing) text.setFontSize(field.type === 'multiline' ? 11 : 10);
  }
}

/**
 * Widgets draw only the mark a reader sets, never a background: pdf-lib's default appearances fill
 * radio buttons and check boxes white with a border, which covered the printed circles and their
 * letters, and it keeps an existing appearance even after the colours are removed.
 */
const INK = rgb(0.1, 0.1, 0.1);
const widgetSize = (widget: PDFWidgetAnnotation) => {
  const { width, height } = widget.getRectangle();
  return { width, height };
};
const radioMark: AppearanceProviderFor<PDFRadioGroup> = (_field, widget) => {
  const { width, height } = widgetSize(widget);
  const dot = drawEllipse({ x: width / 2, y: height / 2, xScale: width * 0.28, yScale: height * 0.28, color: INK, borderColor: undefined, borderWidth: 0 });
  return { normal: { on: dot, off: [] }, down: { on: dot, off: [] } };
};
const checkMark: AppearanceProviderFor<PDFCheckBox> = (_field, widget) => {
  const { width, height } = widgetSize(widget);
  const tick = [
    pushGraphicsState(),
    setStrokingColor(INK),
    setLineWidth(Math.max(1, width * 0.1)),
    moveTo(width * 0.2, height * 0.5),
    lineTo(width * 0.42, height * 0.25),
    lineTo(width * 0.8, height * 0.8),
    stroke(),
    popGraphicsState(),
  ];
  return { normal: { on: tick, off: [] }, down: { on: tick, off: [] } };
};

function drawOnlyMarks(form: PDFForm): void {
  for (const field of form.getFields()) {
    for (const widget of field.acroField.getWidgets()) {
      const mk = widget.getAppearanceCharacteristics();
      mk?.dict.delete(PDFName.of('BG'));
      mk?.dict.delete(PDFName.of('BC'));
    }
    if (field instanceof PDFRadioGroup) field.updateAppearances(radioMark);
    if (field instanceof PDFCheckBox) field.updateAppearances(checkMark);
  }
}

/** Strips a worksheet prefix (`check-in.partnerA.name` → `partnerA.name`) when only the plain name has a value. */
function valueFor(name: string, values: Record<string, string>): string | undefined {
  if (values[name] !== undefined) return values[name];
  const dot = name.indexOf('.');
  return dot > 0 ? values[name.slice(dot + 1)] : undefined;
}

/** Turns the markers of a printed handout into form fields; returns the PDF and the fields placed. */
export async function addFormFields(pdf: Uint8Array, options: { values?: Record<string, string>; title?: string } = {}): Promise<{ bytes: Uint8Array; fields: PlacedField[] }> {
  const doc = await PDFDocument.load(pdf);
  const placed = takeFieldMarkers(doc);
  const pages = doc.getPages();
  const form = doc.getForm();
  for (const field of placed) {
    try {
      addWidget(form, pages[field.pageIndex], field);
    } catch (error) {
      throw new KindredError(`cannot make the form field "${field.name}" (${field.type}): ${(error as Error).message}`, {
        hint: 'Each data-field name must be used by one kind of field only, and no name may be the prefix of another (a.b and a.b.c).',
        cause: error,
      });
    }
  }
  for (const field of form.getFields()) {
    const value = valueFor(field.getName(), options.values ?? {});
    if (value !== undefined && field instanceof PDFTextField) field.setText(value);
  }
  drawOnlyMarks(form);
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await fontBytes('Source Sans 3', 400, 'normal'), { subset: false });
  form.updateFieldAppearances(font);
  if (options.title) doc.setTitle(options.title, { showInWindowTitleBar: true });
  return { bytes: await doc.save(), fields: placed };
}

/** A flat handout: the same PDF without any field markers. */
export async function removeFieldMarkers(pdf: Uint8Array, options: { title?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  takeFieldMarkers(doc);
  if (options.title) doc.setTitle(options.title, { showInWindowTitleBar: true });
  return doc.save();
}
