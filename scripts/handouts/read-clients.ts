/**
 * The clients CSV of `kindred handouts --clients`: one packet per row. A malformed file is an error;
 * a bad row is reported with its row and line number and skipped, so the other packets are still made.
 */
import { existsSync } from 'node:fs';
import { readText } from '../read-text.ts';
import { parse } from 'csv-parse/sync';
import { KindredError } from '../errors.ts';
import { slugify } from '../load-book.ts';

export const CLIENT_COLUMNS = ['couple', 'partner_a', 'partner_b', 'session_date', 'worksheets'] as const;
/** Columns a clients CSV may add: the date to bring the packet back, and the appointment number. */
const OPTIONAL_COLUMNS = ['bring_back', 'appointment'] as const;

export interface ClientRow {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** The file line the row starts on. */
  line: number;
  couple: string;
  slug: string;
  partnerA: string;
  partnerB: string;
  date: string;
  bringBack: string;
  appointment: string;
  worksheets: string[];
}

export interface Clients {
  rows: ClientRow[];
  /** One error per skipped row, naming file, line and row. */
  skipped: KindredError[];
}

type Parsed = { record: string[]; info: { lines: number } }[];

/**
 * Reads and checks the CSV against the worksheet ids of the book. `canDraw` returns why a value cannot
 * be printed (letters the handout font lacks), so such a row is reported before anything is printed.
 */
export function readClients(file: string, worksheetIds: string[], options: { canDraw?: (text: string) => string | undefined; byName?: boolean } = {}): Clients {
  if (!existsSync(file)) throw new KindredError(`clients file not found: ${file}`, { hint: `A CSV with the columns ${CLIENT_COLUMNS.join(',')}.` });
  let parsed: Parsed;
  try {
    parsed = parse(readText(file), { info: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as unknown as Parsed;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new KindredError(`not a readable CSV: ${e.message}`, { file, line: e.lines, hint: 'Quote a value that holds a comma or a line break: "Lee, Sam".' });
  }
  const [head, ...records] = parsed;
  const header = (head?.record ?? []).map((h) => h.trim().toLowerCase());
  const missing = CLIENT_COLUMNS.filter((c) => !header.includes(c));
  if (!head || missing.length) {
    throw new KindredError(`the header lacks ${missing.map((c) => `"${c}"`).join(', ')}`, { file, line: 1, hint: `The first line must name the columns: ${CLIENT_COLUMNS.join(',')} (in any order).` });
  }
  const col = (record: string[], name: string) => (record[header.indexOf(name)] ?? '').trim();
  const rows: ClientRow[] = [];
  const skipped: KindredError[] = [];
  const slugs = new Map<string, number>();
  for (const [i, { record, info }] of records.entries()) {
    const row = i + 1;
    const line = info.lines - record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
    const fail = (message: string, hint?: string) => skipped.push(new KindredError(`row ${row}: ${message} — skipped`, { file, line, hint }));
    const couple = col(record, 'couple');
    const worksheets = col(record, 'worksheets').split(';').map((w) => w.trim()).filter(Boolean);
    const unknown = worksheets.filter((w) => !worksheetIds.includes(w));
    const slug = slugify(couple);
    if (!couple) {
      fail('the couple name is empty', 'Every row needs a couple name: it titles the packet (and names its file with --name-files).');
      continue;
    }
    if (!worksheets.length) {
      fail(`no worksheets listed for "${couple}"`, `List worksheet ids separated by ";" (available: ${worksheetIds.join(', ')}).`);
      continue;
    }
    if (unknown.length) {
      fail(`unknown worksheet${unknown.length > 1 ? 's' : ''} ${unknown.map((w) => `"${w}"`).join(', ')} (available: ${worksheetIds.join(', ')})`);
      continue;
    }
    if (options.byName && slugs.has(slug)) {
      fail(`"${couple}" would overwrite the packet of row ${slugs.get(slug)} (${slug}.pdf)`, 'Give each couple a distinct name.');
      continue;
    }
    const values = { partnerA: col(record, 'partner_a'), partnerB: col(record, 'partner_b'), date: col(record, 'session_date'), bringBack: col(record, 'bring_back'), appointment: col(record, 'appointment') };
    const undrawable = Object.values(values).map((v) => (v ? options.canDraw?.(v) : undefined)).find(Boolean);
    if (undrawable) {
      fail(undrawable, 'The handout font covers Latin (with accents), Greek and Cyrillic. Write the name in Latin letters, or leave it empty for the clients to write by hand.');
      continue;
    }
    slugs.set(slug, row);
    rows.push({ row, line, couple, slug, ...values, worksheets: [...new Set(worksheets)] });
  }
  return { rows, skipped };
}
