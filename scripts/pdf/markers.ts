/**
 * Marker links: the HTML wraps headings in `<a href="kindred:marker/ID">`; Chromium prints each as a link
 * annotation carrying the exact page and rectangle. These read them back and remove annotations.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFString, PDFHexString, type PDFPage } from 'pdf-lib';
import { MARKER_SCHEME } from '../render-chapter.ts';

export interface Marker {
  id: string;
  pageIndex: number;
  /** [x1, y1, x2, y2] in PDF points. */
  rect: number[];
}

export interface LinkAnnotation {
  /** The link's URI; undefined for annotations that are not URI links. */
  uri?: string;
  pageIndex: number;
  /** [x1, y1, x2, y2] in PDF points. */
  rect: number[];
}

function uriOf(annotation: PDFDict): string | undefined {
  const action = annotation.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = action?.lookup(PDFName.of('URI'));
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  return undefined;
}

function annotationsOf(page: PDFPage): PDFDict[] {
  const array = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  return array ? array.asArray().map((ref) => page.doc.context.lookup(ref) as PDFDict) : [];
}

/** Every annotation of the document with its link URI, page and rectangle, in page order. */
export function linkAnnotations(doc: PDFDocument): LinkAnnotation[] {
  return doc.getPages().flatMap((page, pageIndex) =>
    annotationsOf(page).map((dict) => ({
      uri: uriOf(dict),
      pageIndex,
      rect: dict.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => Number(n.toString())),
    })),
  );
}

/** Keeps only the annotations whose link URI passes `keep` (undefined for non-link annotations). */
export function filterAnnotations(doc: PDFDocument, keep: (uri: string | undefined) => boolean): void {
  for (const page of doc.getPages()) {
    const array = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!array) continue;
    const kept = array.asArray().filter((ref) => keep(uriOf(doc.context.lookup(ref) as PDFDict)));
    if (kept.length === 0) page.node.delete(PDFName.of('Annots'));
    else if (kept.length !== array.size()) page.node.set(PDFName.of('Annots'), doc.context.obj(kept));
  }
}

/** Every marker in the document, in page order. */
export function readMarkers(doc: PDFDocument): Marker[] {
  return linkAnnotations(doc)
    .filter((a) => a.uri?.startsWith(MARKER_SCHEME))
    .map((a) => ({ id: decodeURIComponent(a.uri!.slice(MARKER_SCHEME.length)), pageIndex: a.pageIndex, rect: a.rect }));
}

/** Removes marker annotations, or (keepLinks false) every annotation, from every page. */
export function removeAnnotations(doc: PDFDocument, options: { keepLinks: boolean }): void {
  filterAnnotations(doc, (uri) => options.keepLinks && !uri?.startsWith(MARKER_SCHEME));
}
/**
 * Where each marked element really is. A heading pushed to the next page by `break-after: avoid`
 * leaves a sliver of its link (a point or two high) at the foot of the page before; the tallest
 * fragment is the element itself (the earliest when a long title wraps across fragments).
 */
export function placeMarkers(markers: Marker[]): Map<string, Marker> {
  const placed = new Map<string, Marker>();
  const height = (m: Marker) => Math.abs(m.rect[3] - m.rect[1]);
  for (const marker of markers) {
    const current = placed.get(marker.id);
    if (!current || height(marker) > height(current) * 1.5) placed.set(marker.id, marker);
  }
  return placed;
}
