/**
 * Marker links: the HTML wraps headings in `<a href="kindred:marker/ID">`; Chromium prints each as a link
 * annotation carrying the exact page and rectangle. These read them back and remove annotations.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString, PDFPage } from 'pdf-lib';
import { MARKER_SCHEME } from '../render-chapter.ts';

export interface Marker {
  id: string;
  pageIndex: number;
  /** [x1, y1, x2, y2] in PDF points. */
  rect: number[];
}

function annotationsOf(page: PDFPage): { array: PDFArray; dicts: PDFDict[] } | undefined {
  const array = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (!array) return undefined;
  return { array, dicts: array.asArray().map((ref) => page.doc.context.lookup(ref) as PDFDict) };
}

function uriOf(annotation: PDFDict): string | undefined {
  const action = annotation.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = action?.lookup(PDFName.of('URI'));
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  return undefined;
}

/** Every marker in the document, in page order. */
export function readMarkers(doc: PDFDocument): Marker[] {
  const markers: Marker[] = [];
  doc.getPages().forEach((page, pageIndex) => {
    for (const dict of annotationsOf(page)?.dicts ?? []) {
      const uri = uriOf(dict);
      if (!uri?.startsWith(MARKER_SCHEME)) continue;
      const rect = dict.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => Number(n.toString()));
      markers.push({ id: decodeURIComponent(uri.slice(MARKER_SCHEME.length)), pageIndex, rect });
    }
  });
  return markers;
}

/** Removes marker annotations, or (keepLinks false) every annotation, from every page. */
export function removeAnnotations(doc: PDFDocument, options: { keepLinks: boolean }): void {
  for (const page of doc.getPages()) {
    const annots = annotationsOf(page);
    if (!annots) continue;
    if (!options.keepLinks) {
      page.node.delete(PDFName.of('Annots'));
      continue;
    }
    const keep = annots.array.asArray().filter((_, i) => !uriOf(annots.dicts[i])?.startsWith(MARKER_SCHEME));
    if (keep.length === 0) page.node.delete(PDFName.of('Annots'));
    else page.node.set(PDFName.of('Annots'), doc.context.obj(keep));
  }
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
