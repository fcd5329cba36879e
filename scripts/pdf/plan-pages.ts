/** Where each part of the book lands: blank left-hand pages before parts that must open on the right, an even total. */

export interface PartShape {
  pages: number;
  startOn: 'recto' | 'any';
}

export interface PagePlan {
  /** 0-based index of each part's first page. */
  starts: number[];
  /** Indexes of inserted blank pages. */
  blanks: number[];
  total: number;
}

/** Places parts in sequence from a (recto) first page; pads the end to an even page count when asked. */
export function planPages(parts: PartShape[], options: { evenTotal: boolean }): PagePlan {
  const starts: number[] = [];
  const blanks: number[] = [];
  let cursor = 0;
  for (const part of parts) {
    // Index 0 is a right-hand page: a recto part needs an even index.
    if (part.startOn === 'recto' && cursor % 2 === 1) blanks.push(cursor++);
    starts.push(cursor);
    cursor += part.pages;
  }
  if (options.evenTotal && cursor % 2 === 1) blanks.push(cursor++);
  return { starts, blanks, total: cursor };
}

/** i, ii, iii … for front-matter folios. */
export function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, letters] of table) while (n >= value) { out += letters; n -= value; }
  return out;
}
