/**
 * Where a chapter's printed pages go once worksheets are placed for the reader holding the book:
 * a worksheet of two pages or more opens on a left-hand page, so its first two pages face each other;
 * cut-out material (conversation cards) gets leaves of its own, each with a blank back. The chapter
 * opens on a right-hand page (index 0); the pages added are a notes page (a right-hand page before a
 * worksheet that must open on the left) and blank backs. Whole printed pages move, so no text reflows.
 */

export type Leaf = number | 'notes' | 'blank';

export interface WorksheetPages {
  /** First and last page of the worksheet, as indexes into the chapter's printed pages. */
  start: number;
  end: number;
  /** Material to cut out: every page a leaf of its own, its back left blank. */
  cutout: boolean;
}

/** The chapter's pages in book order, with notes pages and blank backs added. */
export function chapterLeaves(pageCount: number, worksheets: WorksheetPages[]): Leaf[] {
  const leaves: Leaf[] = [];
  const byStart = new Map(worksheets.map((w) => [w.start, w]));
  for (let i = 0; i < pageCount; ) {
    const w = byStart.get(i);
    if (!w) {
      leaves.push(i++);
      continue;
    }
    const recto = leaves.length % 2 === 0;
    if (w.cutout) {
      if (!recto) leaves.push('blank');
      for (let k = w.start; k <= w.end; k++) leaves.push(k, 'blank');
    } else {
      if (w.end > w.start && recto) leaves.push('notes');
      for (let k = w.start; k <= w.end; k++) leaves.push(k);
    }
    i = w.end + 1;
  }
  return leaves;
}

/** The worksheets of a chapter from its markers (page index by marker id): title and end markers. */
export function worksheetPages(markers: Map<string, number>): WorksheetPages[] {
  const out: WorksheetPages[] = [];
  for (const [id, end] of markers) {
    const m = /^worksheet-end\/(cutout\/)?(.+)$/.exec(id);
    const start = m ? markers.get(m[2]) : undefined;
    if (m && start !== undefined && end >= start) out.push({ start, end, cutout: Boolean(m[1]) });
  }
  return out.sort((a, b) => a.start - b.start);
}
