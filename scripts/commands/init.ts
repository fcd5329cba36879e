/** `kindred init [DIR]`: a working starter book in a new or empty folder. */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ZodType } from 'zod';
import type { Command } from './command.ts';
import { parseArgs } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { bookSchema, trimField } from '../book-schema.ts';
import { bookFiles, type StarterFile } from '../starter.ts';
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

/** Starter files an existing folder may already have: kept (README) or completed (.gitignore). */
const KEPT = ['README.md', '.gitignore'];

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
    // Nothing of the author's is overwritten: a file in the way stops init before it writes anything,
    // except a README (kept) and a .gitignore (Kindred's lines added), which a new git repository has.
    const exists = (f: StarterFile) => existsSync(join(dir, f.path));
    const taken = files.filter((f) => exists(f) && !KEPT.includes(f.path));
    if (taken.length) {
      throw new KindredError(`${dir} already has ${taken.map((f) => f.path).join(', ')}; init writes nothing over an existing file.`, {
        hint: 'Move those files away or name a new folder: kindred init my-book',
      });
    }
    const written: string[] = [];
    for (const file of files) {
      if (!exists(file)) writeAtomic(join(dir, file.path), file.content);
      else if (file.path === '.gitignore') {
        const current = readFileSync(join(dir, file.path), 'utf8');
        const missing = file.content.split('\n').filter((line) => line && !line.startsWith('#') && !current.split(/\r?\n/).includes(line));
        if (!missing.length) continue;
        writeAtomic(join(dir, file.path), `${current}${current.endsWith('\n') || !current ? '' : '\n'}${missing.join('\n')}\n`);
      } else continue;
      written.push(file.path);
    }
    const rel = relative(process.cwd(), dir);
    const where = rel.startsWith('..') ? dir : rel;
    ctx.out(`made a new book in ${where || '.'}:`);
    for (const path of written) ctx.out(`  ${path}`);
    ctx.out('');
    ctx.out(`Next: ${where ? `cd ${where} && ` : ''}kindred build   (then open dist/ — README.md says more)`);
    return 0;
  },
};
