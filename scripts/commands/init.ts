/** `kindred init [DIR]`: a working starter book in a new or empty folder. */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ZodType } from 'zod';
import type { Command } from './command.ts';
import { parseArgs } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { bookSchema, trimField } from '../book-schema.ts';
import { bookFiles } from '../starter.ts';
import { writeAtomic } from '../write-atomic.ts';

const usage = `Usage: kindred init [DIR] [options]

Makes a starter book in DIR (default: the current folder), which must be empty or hold no book yet:
manuscript/book.yaml, two chapters, a built-in and a custom worksheet with their data, README.md and
.gitignore. Then, in DIR: kindred build.

Options:
  --title TEXT          the book's title (default: My Workbook)
  --author NAME         the author as printed (default: Your Name)
  --language TAG        BCP 47 language tag (default: en)
  --trim SIZE           5.5x8.5, 6x9, 7x10, 8x10, 8.5x11, a4, a5, WxHin, WxHmm (default: 6x9)`;

/** Files that mean a book is already here. */
const BOOK_MARKERS = ['book.yaml', 'manuscript/book.yaml'];

function checkFolder(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new KindredError(`${dir} is a file, not a folder.`, { hint: 'Name a new or empty folder: kindred init my-book' });
  const marker = BOOK_MARKERS.find((name) => existsSync(join(dir, name)));
  if (marker && readdirSync(dir).length > 0) {
    throw new KindredError(`${join(dir, marker)} already exists: there is a book in this folder, and init leaves it as it is.`, {
      hint: 'Build it with kindred build, add a worksheet with kindred new worksheet NAME, or name a new folder: kindred init my-book',
    });
  }
}

/** The local date, YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

/** A flag's value, checked by book.yaml's own rule for that field. */
function option(schema: ZodType, flag: string, value: string): string {
  const result = schema.safeParse(value);
  if (!result.success) throw new KindredError(`--${flag} ${value}: ${result.error.issues[0]?.message ?? 'not accepted'}`, { hint: usage });
  return value;
}

export const command: Command = {
  summary: 'start a new book: a working starter manuscript, worksheets and README',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(
      argv,
      {
        title: { type: 'string', default: 'My Workbook' },
        author: { type: 'string', default: 'Your Name' },
        language: { type: 'string', default: 'en' },
        trim: { type: 'string', default: '6x9' },
      },
      usage,
    );
    if (positionals.length > 1) throw new KindredError(`unexpected argument "${positionals[1]}": init takes one folder`, { hint: usage });
    const dir = resolve(positionals[0] ?? '.');
    checkFolder(dir);
    const files = bookFiles({
      title: option(bookSchema.shape.title, 'title', values.title),
      author: option(bookSchema.shape.author, 'author', values.author),
      language: option(bookSchema.shape.language, 'language', values.language),
      trim: option(trimField, 'trim', values.trim),
      date: today(),
      identifier: `urn:uuid:${randomUUID()}`,
    });
    // Nothing of the author's is overwritten: a file in the way stops init before it writes anything.
    const taken = files.filter((f) => existsSync(join(dir, f.path)));
    if (taken.length) {
      throw new KindredError(`${dir} already has ${taken.map((f) => f.path).join(', ')}; init writes nothing over an existing file.`, {
        hint: 'Move those files away or name a new folder: kindred init my-book',
      });
    }
    for (const file of files) writeAtomic(join(dir, file.path), file.content);
    const rel = relative(process.cwd(), dir);
    const where = rel.startsWith('..') ? dir : rel;
    ctx.out(`made a new book in ${where || '.'}:`);
    for (const file of files) ctx.out(`  ${file.path}`);
    ctx.out('');
    ctx.out(`Next: ${where ? `cd ${where} && ` : ''}kindred build   (then open dist/ — README.md says more)`);
    return 0;
  },
};
