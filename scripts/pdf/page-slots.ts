/**
 * Page numbers in the contents and the list of worksheets are printed after the body: the front matter
 * prints in parallel with the chapters, leaving an empty, fixed-width slot (a marker link whose box
 * sits on the baseline) where each number goes; pdf-lib then sets the number right-aligned in it.
 */
import { LineCapStyle, type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { MARKER_SCHEME } from '../render-chapter.ts';
import { fontBytes } from '../fonts.ts';
import { readMarkers } from './markers.ts';
import { readyForFonts, remembering } from './embed-fonts.ts';

const SLOT = 'page-slot/';
/** The slot's height in em (templates/css/print.css .page-slot): the number's size is its height / this. */
const SLOT_HEIGHT_EM = 0.7;

/** The HTML of an empty slot for the page number of element `id`. */
export function pageSlot(id: string, strong = false): string {
  return `<a class="kindred-marker page-slot" href="${MARKER_SCHEME}${SLOT}${encodeURIComponent(id)}?w=${strong ? 600 : 400}"></a>`;
}

/**
 * Leader dots from x1 to x2 on a grid, so the dots of every entry line up down the page: one dashed line
 * whose dashes have no length and round caps, a dot at each, not a drawn circle a dot (about 40,000
 * circles in the contents of a 700-page book).
 */
function drawLeader(page: PDFPage, x1: number, x2: number, baseline: number, size: number): void {
  const pitch = size * 0.36;
  const first = Math.ceil(x1 / pitch) * pitch;
  const last = first + Math.floor((x2 - first) / pitch) * pitch;
  if (last < first) return;
  const y = baseline + size * 0.08;
  page.drawLine({ start: { x: first, y }, end: { x: last + pitch / 4, y }, thickness: size * 0.11, dashArray: [0, pitch], lineCap: LineCapStyle.Round, color: rgb(0.54, 0.54, 0.54) });
}

/** Sets every slot's page number (from `pageOf`) in the printed front matter. */
export async function fillPageSlots(doc: PDFDocument, pageOf: (id: string) => string): Promise<void> {
  const slots = readMarkers(doc).filter((m) => m.id.startsWith(SLOT));
  if (slots.length === 0) return;
  readyForFonts(doc);
  const fonts = new Map<string, PDFFont>();
  const font = async (weight: string) => {
    if (!fonts.has(weight)) {
      const bytes = await fontBytes('Source Serif 4', Number(weight), 'normal');
      fonts.set(weight, remembering(await doc.embedFont(bytes, { subset: false }), bytes));
    }
    return fonts.get(weight)!;
  };
  const pages = doc.getPages();
  for (const slot of slots) {
    const [path, query] = slot.id.slice(SLOT.length).split('?');
    const text = pageOf(decodeURIComponent(path));
    if (!text) continue;
    const f = await font(new URLSearchParams(query).get('w') ?? '400');
    const [x1, y1, x2, y2] = slot.rect;
    const size = Math.abs(y2 - y1) / SLOT_HEIGHT_EM;
    const right = Math.max(x1, x2);
    const left = Math.min(x1, x2);
    const x = right - f.widthOfTextAtSize(text, size);
    const y = Math.min(y1, y2);
    pages[slot.pageIndex].drawText(text, { x, y, size, font: f, color: rgb(0, 0, 0) });
    drawLeader(pages[slot.pageIndex], left, x - size * 0.45, y, size);
  }
}
