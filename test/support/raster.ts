/** Pages rendered to grey pixels with pdftoppm, and what is inked on them. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Raster {
  width: number;
  height: number;
  /** Dots per inch the page was rendered at. */
  dpi: number;
  /** 0 (black) … 255 (white), row by row. */
  data: Uint8Array;
}

/** Renders pages (1-based, inclusive) of a PDF in grey at `dpi`. */
export function rasterize(pdf: string, first: number, last: number, dpi: number): Map<number, Raster> {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-raster-'));
  try {
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(first), '-l', String(last), pdf, join(dir, 'p')]);
    const out = new Map<number, Raster>();
    for (const file of readdirSync(dir)) {
      const page = Number(/-(\d+)\.pgm$/.exec(file)?.[1]);
      const bytes = readFileSync(join(dir, file));
      // P5 header: magic, width, height, max value, each followed by whitespace.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString('latin1'));
      if (!header) throw new Error(`not a PGM file: ${file}`);
      const width = Number(header[1]);
      const height = Number(header[2]);
      out.set(page, { width, height, dpi, data: bytes.subarray(header[0].length, header[0].length + width * height) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Dark pixels in the component. */
  pixels: number;
}

/** Dark pixels (below `threshold`) in a rectangle of the raster given in points. */
export function inkIn(r: Raster, x0: number, y0: number, x1: number, y1: number, threshold = 160): number {
  const s = r.dpi / 72;
  let n = 0;
  for (let y = Math.max(0, Math.floor(y0 * s)); y < Math.min(r.height, Math.ceil(y1 * s)); y++) {
    for (let x = Math.max(0, Math.floor(x0 * s)); x < Math.min(r.width, Math.ceil(x1 * s)); x++) if (r.data[y * r.width + x] < threshold) n++;
  }
  return n;
}

/** The lowest inked row in a band of columns (points from the top), or undefined on an empty band. */
export function lowestInk(r: Raster, x0: number, x1: number, y0: number, y1: number, threshold = 200): number | undefined {
  const s = r.dpi / 72;
  for (let y = Math.min(r.height, Math.ceil(y1 * s)) - 1; y >= Math.max(0, Math.floor(y0 * s)); y--) {
    for (let x = Math.max(0, Math.floor(x0 * s)); x < Math.min(r.width, Math.ceil(x1 * s)); x++) if (r.data[y * r.width + x] < threshold) return y / s;
  }
  return undefined;
}

/** Connected dark components (8-neighbour), with their boxes in pixels. */
export function components(r: Raster, threshold = 160): Box[] {
  const seen = new Uint8Array(r.width * r.height);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < r.data.length; start++) {
    if (seen[start] || r.data[start] >= threshold) continue;
    const box: Box = { left: Infinity, top: Infinity, right: -1, bottom: -1, pixels: 0 };
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % r.width;
      const y = (i - x) / r.width;
      box.pixels++;
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= r.width || ny >= r.height) continue;
          const j = ny * r.width + nx;
          if (!seen[j] && r.data[j] < threshold) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    boxes.push(box);
  }
  return boxes;
}
