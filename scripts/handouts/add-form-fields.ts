/**
 * The pdf-lib pass over a printed handout: every field marker link (field-markers.ts) becomes an AcroForm
 * widget at the marker's exact rectangle, the markers are deleted, pre-filled values are set and every
 * field gets appearance streams in the embedded handout font, so values show without clicking.
 *
 * What every viewer needs to fill the form like the printed page:
 * - the AcroForm's /DR names the handout font and every text field's /DA uses it at a fixed size that
 *   fits its rule (viewers otherwise draw Helvetica, which has no Greek or Cyrillic);
 * - one single-line field per ruled line (the templates emit them), so typed text sits on its rule;
 * - radio buttons whose appearance states are named by their printed value (/A, /B, /1 … /5), with
 *   no /Opt array, so /V is the value and a viewer that saves /V and /AS keeps the choice;
 * - a /TU tooltip on every field: the printed prompt, which screen readers speak;
 * - in a tagged PDF, each widget takes over the structure element of the marker link it replaces (a
 *   /Form element in reading order) and the page's tab order follows the structure (/Tabs /S).
 */
import {
  AnnotationFlags, PDFArray, PDFCheckBox, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRadioGroup, PDFRef, PDFString,
  PDFTextField, drawEllipse, lineTo, moveTo, popGraphicsState, pushGraphicsState, rgb, setLineWidth, setStrokingColor, stroke,
  type AppearanceProviderFor, type PDFField, type PDFFont, type PDFForm, type PDFPage, type PDFWidgetAnnotation,
} from 'pdf-lib';
import { KindredError } from '../errors.ts';
import { parseFieldUrl, type FieldSpec } from './field-markers.ts';
import { fieldFontBytes, missingGlyphs, scriptsOf } from './handout-font.ts';
import { setXmp } from '../pdf/accessible-pdf.ts';
import type { Book } from '../load-book.ts';
import { compressDrawnStreams, readyForFonts } from '../pdf/embed-fonts.ts';

export interface PlacedField extends FieldSpec {
  pageIndex: number;
  /** [x1, y1, x2, y2] in PDF points, as Chromium printed the marker. */
  rect: number[];
  /** The marker annotation's /StructParent (tagged PDFs), handed on to the widget. */
  structParent?: number;
}

/** Text fields: the largest size (pt) used, and the share of the line box the text may take. */
const MAX_FONT_SIZE = 12;
const MULTILINE_FONT_SIZE = 9;
const FIELD_FLAGS = { multiline: 1 << 12, doNotSpellCheck: 1 << 22, doNotScroll: 1 << 23, noToggleToOff: 1 << 14, radio: 1 << 15 };
const INK = rgb(0.1, 0.1, 0.1);
/** Fields every worksheet of a packet repeats (the clients' names and the date). */
const SHARED_PREFIX = 'client.';

function annotationRefs(page: PDFPage): PDFRef[] {
  const array = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  return array ? (array.asArray().filter((r) => r instanceof PDFRef) as PDFRef[]) : [];
}

function uriOf(annotation: PDFDict): string | undefined {
  const uri = annotation.lookupMaybe(PDFName.of('A'), PDFDict)?.lookup(PDFName.of('URI'));
  return uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
}

/** Reads the field markers of every page and removes them (other annotations stay). */
export function takeFieldMarkers(doc: PDFDocument): PlacedField[] {
  const placed: PlacedField[] = [];
  doc.getPages().forEach((page, pageIndex) => {
    const kept: PDFRef[] = [];
    for (const ref of annotationRefs(page)) {
      const dict = doc.context.lookup(ref, PDFDict);
      const spec = parseFieldUrl(uriOf(dict) ?? '');
      if (!spec) {
        kept.push(ref);
        continue;
      }
      const rect = dict.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => Number(n.toString()));
      const sp = dict.lookupMaybe(PDFName.of('StructParent'), PDFNumber)?.asNumber();
      placed.push({ ...spec, pageIndex, rect, structParent: sp });
      doc.context.delete(ref);
    }
    if (kept.length) page.node.set(PDFName.of('Annots'), doc.context.obj(kept));
    else page.node.delete(PDFName.of('Annots'));
  });
  return placed;
}

function box(rect: number[]) {
  const [x1, y1, x2, y2] = rect;
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1), borderWidth: 0 };
}

/** The fixed font size of a text field: half the line box, at most 12 pt (a 24 pt rule pitch takes 12 pt). */
export function fieldFontSize(field: Pick<PlacedField, 'type' | 'rect'>): number {
  if (field.type === 'multiline') return MULTILINE_FONT_SIZE;
  return Math.min(MAX_FONT_SIZE, Math.floor(box(field.rect).height * 0.5 * 2) / 2);
}

/** Widgets draw only the mark a reader sets, never a background that would cover the printed circles and boxes. */
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

/** pdf-lib's widget plumbing, which its public API keeps for its own option-index radio buttons. */
interface FieldInternals {
  createWidget(options: Record<string, unknown>): PDFWidgetAnnotation;
  updateOnOffWidgetAppearance(widget: PDFWidgetAnnotation, onValue: PDFName, appearances: unknown): void;
}

function setTooltip(dict: PDFDict, label: string | undefined, name: string): void {
  dict.set(PDFName.of('TU'), PDFHexString.fromText(label ?? name));
}

/** /TU belongs to the field; pdf.js reads it from the widget, so each widget repeats it. */
function tooltipOnWidgets(form: PDFForm): void {
  for (const field of form.getFields()) {
    const tu = field.acroField.dict.get(PDFName.of('TU'));
    if (tu) for (const widget of field.acroField.getWidgets()) widget.dict.set(PDFName.of('TU'), tu);
  }
}

/** One radio button whose "on" appearance state is named by the value it stands for. */
function addRadioOption(doc: PDFDocument, group: PDFRadioGroup, page: PDFPage, field: PlacedField): PDFRef {
  const internals = group as unknown as FieldInternals;
  const widget = internals.createWidget({ ...box(field.rect), rotate: { type: 'degrees', angle: 0 }, page: page.ref, textColor: INK });
  const ref = doc.context.register(widget.dict);
  group.acroField.addWidget(ref);
  page.node.addAnnot(ref);
  const value = field.value ?? String(group.acroField.getWidgets().length);
  widget.dict.set(PDFName.of('AS'), PDFName.of('Off'));
  internals.updateOnOffWidgetAppearance(widget, PDFName.of(value), radioMark(group, widget));
  return ref;
}

/**
 * Adds one widget; returns its reference. A text or check-box name seen before is refused (a collision).
 * `made` holds the fields made so far by name: pdf-lib's own lookup walks every field of the form, which
 * for each of a handout's 70 fields took a tenth of the handout's time.
 */
function addWidget(doc: PDFDocument, form: PDFForm, made: Map<string, PDFField>, page: PDFPage, field: PlacedField, font: PDFFont): PDFRef {
  const at = box(field.rect);
  const existing = made.get(field.name);
  if (field.type === 'radio') {
    let group: PDFRadioGroup;
    if (existing instanceof PDFRadioGroup) group = existing;
    else if (existing) throw new Error(`"${field.name}" names both a choice and another kind of write-in area`);
    else {
      group = form.createRadioGroup(field.name);
      made.set(field.name, group);
      group.acroField.setFlagTo(FIELD_FLAGS.noToggleToOff, true);
      setTooltip(group.acroField.dict, field.label, field.name);
    }
    return addRadioOption(doc, group, page, field);
  }
  if (existing && field.name.startsWith(SHARED_PREFIX) && existing instanceof PDFTextField) {
    // The clients' line heads every worksheet of a packet: one value, shown in each place.
    existing.addToPage(page, { ...at, backgroundColor: undefined, borderColor: undefined, font });
    return doc.context.getObjectRef(existing.acroField.getWidgets().at(-1)!.dict)!;
  }
  if (existing) throw new Error(`two write-in areas are both named "${field.name}"`);
  if (field.type === 'checkbox') {
    const box = form.createCheckBox(field.name);
    made.set(field.name, box);
    setTooltip(box.acroField.dict, field.label, field.name);
    box.addToPage(page, { ...at, backgroundColor: undefined, borderColor: undefined });
    return doc.context.getObjectRef(box.acroField.getWidgets()[0].dict)!;
  }
  const text = form.createTextField(field.name);
  made.set(field.name, text);
  setTooltip(text.acroField.dict, field.label, field.name);
  if (field.type === 'multiline') text.enableMultiline();
  else text.acroField.setFlagTo(FIELD_FLAGS.doNotScroll, true);
  text.acroField.setDefaultAppearance(fieldAppearance(font, fieldFontSize(field)));
  text.addToPage(page, { ...at, backgroundColor: undefined, borderColor: undefined, font });
  return doc.context.getObjectRef(text.acroField.getWidgets()[0].dict)!;
}

/** A text field's /DA: the handout font (by its /DR name) at a fixed size, in the handout's ink. */
const fieldAppearance = (font: PDFFont, size: number) => `/${font.name} ${size} Tf 0.1 g`;

/** Strips a worksheet prefix (`check-in.week.date` → `week.date`) when only the plain name has a value. */
function valueFor(name: string, values: Record<string, string>): string | undefined {
  if (values[name] !== undefined) return values[name];
  const dot = name.indexOf('.');
  return dot > 0 ? values[name.slice(dot + 1)] : undefined;
}

/** Refuses a value the handout font cannot draw, naming the field and the script. */
export function checkDrawable(value: string, what: string): void {
  const missing = missingGlyphs(value);
  if (!missing.length) return;
  throw new KindredError(`${what}: "${value}" needs ${scriptsOf(missing).join(' and ')} letters (${missing.slice(0, 6).join(' ')}) that the handout font lacks`, {
    hint: 'The handout font covers Latin (with accents), Greek and Cyrillic. Write the name in Latin letters, or leave it empty for the clients to write by hand.',
  });
}

/** The structure elements of the parent tree, by /StructParent key. */
function structElements(doc: PDFDocument): Map<number, PDFDict> {
  const nums = doc.catalog
    .lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
    ?.lookupMaybe(PDFName.of('ParentTree'), PDFDict)
    ?.lookupMaybe(PDFName.of('Nums'), PDFArray);
  const byKey = new Map<number, PDFDict>();
  if (!nums) return byKey;
  for (let i = 0; i + 1 < nums.size(); i += 2) {
    const element = nums.lookup(i + 1);
    if (element instanceof PDFDict) byKey.set((nums.get(i) as PDFNumber).asNumber(), element);
  }
  return byKey;
}

/** A flat handout: the marker links' structure elements leave the tree with their annotations. */
function untagMarkers(doc: PDFDocument, placed: PlacedField[]): void {
  const byKey = structElements(doc);
  for (const field of placed) {
    const element = field.structParent === undefined ? undefined : byKey.get(field.structParent);
    const parent = element?.lookupMaybe(PDFName.of('P'), PDFDict);
    const kids = parent?.lookupMaybe(PDFName.of('K'), PDFArray);
    if (!element || !parent) continue;
    if (kids) {
      const index = kids.asArray().findIndex((kid) => (kid instanceof PDFRef ? doc.context.lookup(kid) : kid) === element);
      if (index >= 0) kids.remove(index);
    } else parent.delete(PDFName.of('K'));
    element.set(PDFName.of('K'), doc.context.obj([]));
  }
}

/**
 * The document's structure tree: each field's widget takes the place of its marker link in the tree
 * (Chromium tagged the link in reading order), as a /Form element; the parent tree maps the widget's
 * /StructParent to that element.
 */
function tagWidgets(doc: PDFDocument, widgets: { ref: PDFRef; field: PlacedField }[]): void {
  const byKey = structElements(doc);
  for (const { ref, field } of widgets) {
    if (field.structParent === undefined) continue;
    const element = byKey.get(field.structParent);
    if (!element) continue;
    element.set(PDFName.of('S'), PDFName.of('Form'));
    element.set(PDFName.of('Alt'), PDFHexString.fromText(field.label ?? field.name));
    const page = doc.getPages()[field.pageIndex];
    element.set(PDFName.of('K'), doc.context.obj({ Type: 'OBJR', Obj: ref, Pg: page.ref }));
    doc.context.lookup(ref, PDFDict).set(PDFName.of('StructParent'), PDFNumber.of(field.structParent));
  }
  for (const page of doc.getPages()) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
}

export interface FormOptions {
  values?: Record<string, string>;
  title?: string;
  /** The book, for the XMP metadata (author, language, description) a PDF/UA checker asks for. */
  book?: Book;
}

/** Title in the window bar and, with the book, XMP metadata (no PDF/UA claim: a handout is checked as a form, not certified). */
function setHandoutMetadata(doc: PDFDocument, options: FormOptions): void {
  if (!options.title) return;
  doc.setTitle(options.title, { showInWindowTitleBar: true });
  if (options.book) {
    doc.setAuthor(options.book.author);
    setXmp(doc, options.book, options.title, false);
  }
}

/** Turns the markers of a printed handout into form fields; returns the PDF and the fields placed. */
export async function addFormFields(pdf: Uint8Array, options: FormOptions = {}): Promise<{ bytes: Uint8Array; fields: PlacedField[] }> {
  const doc = await PDFDocument.load(pdf);
  readyForFonts(doc);
  const font = await doc.embedFont(fieldFontBytes(), { subset: false });
  const placed = takeFieldMarkers(doc);
  const pages = doc.getPages();
  const form = doc.getForm();
  // The form's default resources and appearance: the handout font, which viewers use for what is typed.
  form.acroForm.dict.set(PDFName.of('DR'), doc.context.obj({ Font: { [font.name]: font.ref } }));
  form.acroForm.dict.set(PDFName.of('DA'), PDFString.of(fieldAppearance(font, MAX_FONT_SIZE)));
  const widgets: { ref: PDFRef; field: PlacedField }[] = [];
  const made = new Map<string, PDFField>();
  for (const field of placed) {
    try {
      widgets.push({ ref: addWidget(doc, form, made, pages[field.pageIndex], field, font), field });
    } catch (error) {
      throw new KindredError(`cannot make the form field "${field.name}" (${field.type}): ${(error as Error).message}`, {
        hint: 'Each data-field name must be used by one write-in area (or one radio group) only, and no name may be the prefix of another (a.b and a.b.c). `kindred build` checks this for the built-in templates.',
        cause: error,
      });
    }
  }
  for (const field of form.getFields()) {
    const value = valueFor(field.getName(), options.values ?? {});
    if (value === undefined || !(field instanceof PDFTextField)) continue;
    checkDrawable(value, `the field "${field.getName()}"`);
    field.setText(value);
  }
  for (const field of form.getFields()) {
    for (const widget of field.acroField.getWidgets()) {
      const mk = widget.getAppearanceCharacteristics();
      mk?.dict.delete(PDFName.of('BG'));
      mk?.dict.delete(PDFName.of('BC'));
      widget.setFlagTo(AnnotationFlags.Print, true);
    }
    if (field instanceof PDFCheckBox) field.updateAppearances(checkMark);
    if (field instanceof PDFTextField) field.updateAppearances(font);
  }
  // pdf-lib rewrites /DA while it draws appearances: set the fixed size and the ink again.
  for (const { field } of widgets) {
    const text = made.get(field.name);
    if (text instanceof PDFTextField) text.acroField.setDefaultAppearance(fieldAppearance(font, fieldFontSize(field)));
  }
  tooltipOnWidgets(form);
  tagWidgets(doc, widgets);
  setHandoutMetadata(doc, options);
  compressDrawnStreams(doc);
  return { bytes: await doc.save({ updateFieldAppearances: false }), fields: placed };
}

/** A flat handout: the same PDF without any field markers. */
export async function removeFieldMarkers(pdf: Uint8Array, options: Pick<FormOptions, 'title' | 'book'> = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  untagMarkers(doc, takeFieldMarkers(doc));
  setHandoutMetadata(doc, options);
  return doc.save();
}
