/**
 * What the pages draw, read with pdfjs: the bounding box of the visible text, every image's pixel size
 * against its drawn size (CTM tracked through q/Q/cm and Form XObjects), and which pages are blank.
 */
import type { Box, ImageFacts } from './facts.ts';

export interface PageContent {
  textBox?: Box;
  blank: boolean;
  images: ImageFacts[];
}

type Matrix = [number, number, number, number, number, number];

// Ink rarely reaches the font's line ascent (pdfjs reports ~1.0 em); 0.75 em above and 0.25 em below the
// baseline covers ascenders, capitals with accents and descenders of book faces without inflating margins.
const ASCENT_EM = 0.75;
const DESCENT_EM = 0.25;

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function grow(box: Box | undefined, x: number, y: number): Box {
  if (!box) return { x0: x, y0: y, x1: x, y1: y };
  return { x0: Math.min(box.x0, x), y0: Math.min(box.y0, y), x1: Math.max(box.x1, x), y1: Math.max(box.y1, y) };
}

interface TextItemLike {
  str: string;
  width: number;
  transform: number[];
}

/** The union of the text items' boxes: baseline run from the origin, ASCENT/DESCENT along the up vector. */
export function textBoundingBox(items: TextItemLike[]): Box | undefined {
  let box: Box | undefined;
  for (const item of items) {
    const visible = item.str.trimEnd();
    if (!visible.trim()) continue;
    const [a, b, c, d, e, f] = item.transform;
    const run = Math.hypot(a, b) || 1;
    // Trailing spaces add advance but no ink; scale the run down for them.
    const width = item.width * (visible.length / item.str.length);
    const ux = (a / run) * width;
    const uy = (b / run) * width;
    for (const [t, s] of [[0, -DESCENT_EM], [0, ASCENT_EM], [1, -DESCENT_EM], [1, ASCENT_EM]]) {
      box = grow(box, e + t * ux + s * c, f + t * uy + s * d);
    }
  }
  return box;
}

/** Reads text boxes, images and blank pages from the PDF bytes with pdfjs. */
export async function inspectContent(data: Uint8Array): Promise<PageContent[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const paintOps = new Set([OPS.stroke, OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeStroke, OPS.closeFillStroke, OPS.closeEOFillStroke, OPS.shadingFill]);
  // pdfjs may take ownership of the buffer it is given; hand it a copy.
  const doc = await getDocument({ data: data.slice(), verbosity: 0, isOffscreenCanvasSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
  const pages: PageContent[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const text = await page.getTextContent();
      const items = text.items.filter((i): i is typeof i & TextItemLike => 'str' in i);
      const textBox = textBoundingBox(items);
      const list = await page.getOperatorList();
      const images: ImageFacts[] = [];
      let ctm: Matrix = [1, 0, 0, 1, 0, 0];
      const stack: Matrix[] = [];
      let painted = false;
      const drawImage = (id: string, widthPx: number, heightPx: number) => {
        // An image fills the unit square; the CTM maps it to the page.
        const drawnWidthPt = Math.hypot(ctm[0], ctm[1]);
        const drawnHeightPt = Math.hypot(ctm[2], ctm[3]);
        const dpi = Math.min(widthPx / (drawnWidthPt / 72), heightPx / (drawnHeightPt / 72));
        let box: Box | undefined;
        for (const [u, v] of [[0, 0], [1, 0], [0, 1], [1, 1]]) box = grow(box, ctm[0] * u + ctm[2] * v + ctm[4], ctm[1] * u + ctm[3] * v + ctm[5]);
        images.push({ page: n, id, widthPx, heightPx, drawnWidthPt, drawnHeightPt, dpi, box });
      };
      list.fnArray.forEach((fn, i) => {
        const args = list.argsArray[i] as any[];
        if (fn === OPS.save) stack.push(ctm);
        else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
        else if (fn === OPS.transform) ctm = multiply(args as Matrix, ctm);
        else if (fn === OPS.paintFormXObjectBegin) {
          stack.push(ctm);
          if (Array.isArray(args[0]) && args[0].length === 6) ctm = multiply(args[0] as Matrix, ctm);
        } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
        else if (fn === OPS.paintImageXObject) drawImage(String(args[0]), args[1], args[2]);
        else if (fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) drawImage('inline', args[0]?.width ?? 0, args[0]?.height ?? 0);
        else if (paintOps.has(fn)) painted = true;
      });
      pages.push({ textBox, images, blank: !textBox && images.length === 0 && !painted });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}
