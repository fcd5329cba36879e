/** `kindred new worksheet NAME`: a worksheet template of one's own and its data file, in an existing book. */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from './command.ts';
import { parseArgs } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { BUILTIN_TEMPLATES } from '../render-template.ts';
import { worksheetFiles } from '../starter.ts';
import { writeAtomic } from '../write-atomic.ts';

const usage = `Usage: kindred new worksheet NAME [options]

Adds a worksheet template of your own, TEMPLATES/worksheets/NAME.hbs, and its data,
MANUSCRIPT/worksheets/NAME.yaml, and prints the line that places it in a chapter. Never overwrites.
NAME: lower-case letters, digits and hyphens, e.g. weekly-goals.

Options:
  --manuscript DIR      folder with book.yaml (default: ./manuscript)
  --templates DIR       your templates folder (default: ./templates)`;

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const slash = (path: string) => path.split('\\').join('/');

export const command: Command = {
  summary: 'add a worksheet of your own to the book: kindred new worksheet NAME',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(
      argv,
      { manuscript: { type: 'string', default: 'manuscript' }, templates: { type: 'string', default: 'templates' } },
      usage,
    );
    const [kind, name, ...extra] = positionals;
    if (kind !== 'worksheet') throw new KindredError(kind ? `kindred new makes worksheets, not "${kind}"` : 'kindred new needs what to make: kindred new worksheet NAME', { hint: usage });
    if (!name) throw new KindredError('kindred new worksheet needs a NAME, e.g. kindred new worksheet weekly-goals', { hint: usage });
    if (extra.length) throw new KindredError(`unexpected argument "${extra[0]}": one NAME at a time`, { hint: usage });
    if (!NAME.test(name)) throw new KindredError(`"${name}" cannot name a worksheet: use lower-case letters, digits and hyphens, e.g. weekly-goals`);
    const builtin = readdirSync(join(BUILTIN_TEMPLATES, 'worksheets')).map((f) => f.replace(/\.hbs$/, ''));
    if (builtin.includes(name)) {
      throw new KindredError(`"${name}" is one of Kindred's built-in worksheets; a template of that name would replace it.`, {
        hint: `Use the built-in one with its data (${name}.yaml), or choose another name. Built-in: ${builtin.join(', ')}.`,
      });
    }
    const manuscript = resolve(values.manuscript);
    if (!existsSync(join(manuscript, 'book.yaml'))) {
      throw new KindredError(`no book.yaml in ${relative(process.cwd(), manuscript) || '.'}: run kindred new in a book's folder`, {
        hint: 'Start a book with kindred init, or point --manuscript at the folder that holds book.yaml.',
      });
    }
    const files = worksheetFiles(name, { manuscript: slash(relative(process.cwd(), manuscript) || '.'), templates: slash(values.templates) });
    const taken = files.filter((f) => existsSync(resolve(f.path)));
    if (taken.length) {
      throw new KindredError(`${taken.map((f) => f.path).join(' and ')} already ${taken.length > 1 ? 'exist' : 'exists'}; kindred new never overwrites.`, {
        hint: 'Choose another NAME, or edit the existing files.',
      });
    }
    for (const file of files) writeAtomic(resolve(file.path), file.content);
    for (const file of files) ctx.out(`wrote ${file.path}`);
    ctx.out('');
    ctx.out('Place it in a chapter with this line:');
    ctx.out('');
    ctx.out(`::worksheet{template="${name}" data="worksheets/${name}.yaml"}`);
    return 0;
  },
};
