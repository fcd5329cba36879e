/**
 * Where each page's text lies, read with pdfjs, which knows the fonts' metrics: the bounding box of the
 * visible text. Images and painting are read with the colours (inspect-drawing.ts).
 */
import type { Box } from './facts.ts';
import { openPdf } from '../pdf/pdfjs.ts';

// Ink rarely reaches the font's line ascent (pdfjs reports ~1.0 em); 0.75 em above and 0.25 em below the
// baseline covers ascenders, capitals with accents and descenders of book faces without inflating margins.
const ASCENT_EM = 0.75;
const DESCENT_EM = 0.25;

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

/**
 * The bounding box of each page's text (undefined: no text), from the PDF bytes with pdfjs; with `only`,
 * of those pages (indices from 0) alone, the others left out.
 */
export async function inspectText(data: Uint8Array, only?: number[]): Promise<(Box | undefined)[]> {
  const doc = await openPdf(data);
  const boxes: (Box | undefined)[] = [];
  try {
    for (const index of only ?? Array.from({ length: doc.numPages }, (_, i) => i)) {
      const page = await doc.getPage(index + 1);
      // Unnormalised (ligatures stay one character): only the extent is wanted, and it is quicker.
      const text = await page.getTextContent({ disableNormalization: true });
      boxes[index] = textBoundingBox(text.items.filter((i): i is typeof i & TextItemLike => 'str' in i));
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return boxes;
}
