/**
 * Kindred as an author gets it: `npm pack`, installed from the tarball into an empty prefix, `kindred init`
 * in an empty folder, then build, cover, handouts and check there with no options. Everything exits 0,
 * the EPUB passes epubcheck, and nothing is written outside the book's folder (the installed package
 * included: it runs its shipped bundle). Also `kindred new worksheet`, the refusals, and the build() API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { epubcheckFile } from './support/epubcheck.ts';
import { kindredIn, ROOT, tempDir } from './support/cli.ts';

const temp = tempDir('kindred-init-');
const prefix = join(temp, 'prefix');
const book = join(temp, 'book');
// HOME, XDG folders and TMPDIR of the commands under test; a short path: Chromium does not start from a
// temp folder much deeper than this.
const sandbox = tempDir('ks-');
/** What Chromium itself writes under HOME whatever its flags (crashpad's database, dconf); not Kindred's. */
const CHROMIUM_OWN = /^(config\/chromium|(home\/\.cache|cache)\/dconf|home\/\.pki)(\/|$)/;
const times: Record<string, number> = {};

/** Every path under `dir` with its size and mtime, so a write anywhere shows. */
function listing(dir: string, skip: string[] = []): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (skip.includes(path)) continue;
      const s = statSync(path);
      // Folders by name only: a temp file made and removed again is no write; one left behind shows.
      found.set(relative(dir, path), entry.isDirectory() ? 'folder' : `${s.size}:${s.mtimeMs}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found;
}

const env = () => ({
  PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
  HOME: join(sandbox, 'home'),
  XDG_CACHE_HOME: join(sandbox, 'cache'),
  XDG_CONFIG_HOME: join(sandbox, 'config'),
  TMPDIR: join(sandbox, 'tmp'),
  ...(process.env.KINDRED_CHROME ? { KINDRED_CHROME: process.env.KINDRED_CHROME } : {}),
});

/** The installed `kindred` (the bin npm linked), in `cwd`. */
function kindred(args: string[], cwd = book) {
  const start = performance.now();
  const result = spawnSync(join(prefix, 'node_modules', '.bin', 'kindred'), args, { cwd, env: env(), encoding: 'utf8', timeout: 240_000 });
  times[args.slice(0, 2).join(' ')] = Math.round(performance.now() - start);
  return { code: result.status ?? -1, out: result.stdout + result.stderr };
}

afterAll(() => console.log(`init test times (ms): ${JSON.stringify(times)}`));

// Packing and installing takes minutes (the fonts are 20,000 files): `npm run test:pack` runs it, and CI
// runs that after the suite. The in-process tests below build an init'ed book in every run.
describe.runIf(process.env.KINDRED_PACK_TEST === '1')('an installed kindred in an empty folder', () => {
  beforeAll(() => {
    // Packed from a copy of the package's files, so prepack's bundle/ never appears in the checkout
    // while other tests run the CLI there.
    const source = join(temp, 'source');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    mkdirSync(source);
    for (const entry of ['package.json', ...pkg.files]) if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(source, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'));
    let start = performance.now();
    const tarball = execFileSync('npm', ['pack', '--pack-destination', temp, '--loglevel=error'], { cwd: source, encoding: 'utf8' }).trim().split('\n').pop()!;
    times['npm pack'] = Math.round(performance.now() - start);
    start = performance.now();
    mkdirSync(prefix);
    // From npm's cache where it has the packages; a machine whose cache lacks their registry metadata (a
    // fresh one that ran only `npm install` from the lockfile) fetches that from the registry.
    execFileSync('npm', ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(temp, tarball)], { encoding: 'utf8' });
    times['npm install'] = Math.round(performance.now() - start);
    for (const dir of ['home', 'cache', 'config', 'tmp']) mkdirSync(join(sandbox, dir), { recursive: true });
  }, 300_000);

  it('init, new worksheet, build, cover, handouts and check all exit 0 and write only into the book folder', () => {
    const before = listing(temp);
    mkdirSync(book);
    const init = kindred(['init', '--title', 'Communication Skills for Couples', '--author', 'Ana Ruiz', '--trim', '6x9', '--language', 'en']);
    expect(init.code, init.out).toBe(0);
    const yaml = readFileSync(join(book, 'manuscript', 'book.yaml'), 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/kindred\/schemas\/book\.schema\.json\n/);
    expect(yaml).toMatch(/^identifier: urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/m);
    expect(yaml).toMatch(/^trim: 6x9$/m);
    expect(yaml).toMatch(/^handouts:$/m);
    expect(readFileSync(join(book, '.gitignore'), 'utf8')).toMatch(/^dist\/$[\s\S]*^\.kindred-cache\/$/m);
    expect(readFileSync(join(book, 'README.md'), 'utf8')).toContain('# Communication Skills for Couples');

    const added = kindred(['new', 'worksheet', 'weekly-goals']);
    expect(added.code, added.out).toBe(0);
    const directive = added.out.split('\n').find((line) => line.startsWith('::worksheet{'))!;
    expect(directive).toBe('::worksheet{template="weekly-goals" data="worksheets/weekly-goals.yaml"}');
    expect(existsSync(join(book, 'templates', 'worksheets', 'weekly-goals.hbs'))).toBe(true);
    const again = kindred(['new', 'worksheet', 'weekly-goals']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/weekly-goals\.hbs.*already exist.*never overwrites/);
    const chapter = join(book, 'manuscript', '02-talking-together.md');
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\n${directive}\n`);

    for (const args of [['build'], ['cover'], ['handouts'], ['check'], ['check', '--cover', 'dist/communication-skills-for-couples-cover.pdf']]) {
      const run = kindred(args);
      expect(run.code, `kindred ${args.join(' ')}\n${run.out}`).toBe(0);
    }
    const dist = readdirSync(join(book, 'dist'));
    expect(dist).toEqual(expect.arrayContaining(['communication-skills-for-couples.pdf', 'communication-skills-for-couples.epub', 'communication-skills-for-couples-cover.pdf', 'handouts']));
    expect(readdirSync(join(book, 'dist', 'handouts')).sort()).toEqual(['check-in.pdf', 'our-strengths.pdf', 'weekly-goals.pdf']);

    // Outside the book: the prefix (the installed package) and the tarball are as they were; HOME, the
    // XDG folders and TMPDIR hold nothing of Kindred's.
    const after = listing(temp, [book]);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path) && path !== 'book');
    expect(changed).toEqual([]);
    const left = [...listing(sandbox).keys()].filter((path) => !['home', 'cache', 'config', 'tmp'].includes(path) && !CHROMIUM_OWN.test(path));
    expect(left).toEqual([]);
  }, 600_000);

  it('the EPUB passes epubcheck with no errors or warnings', async () => {
    expect((await epubcheckFile(join(book, 'dist', 'communication-skills-for-couples.epub'))).output).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  });

  it('build() from the installed package returns the outputs (restored from the cache)', () => {
    const script = join(prefix, 'api.mjs');
    writeFileSync(script, `import { build } from 'kindred';\nprocess.chdir(${JSON.stringify(book)});\nconsole.log(JSON.stringify(await build()));\n`);
    const outputs = JSON.parse(execFileSync(process.execPath, [script], { env: { ...env(), NODE_PATH: '' }, cwd: prefix, encoding: 'utf8' })) as { format: string; path: string; cached?: boolean }[];
    expect(outputs.map((o) => [o.format, relative(book, o.path), o.cached])).toEqual([
      ['pdf', join('dist', 'communication-skills-for-couples.pdf'), true],
      ['epub', join('dist', 'communication-skills-for-couples.epub'), true],
    ]);
  });

  it('init refuses a folder that already has a book', () => {
    const result = kindred(['init', book], temp);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/book\.yaml already exists: there is a book in this folder/);
    expect(result.out).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('init and new in this process (no browser)', () => {
  it('keeps a README, completes a .gitignore, and names a bad flag', async () => {
    const dir = tempDir('kindred-init-repo-');
    writeFileSync(join(dir, 'README.md'), '# My notes\n');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n*.log\n');
    const bad = await kindredIn(['init', dir, '--trim', 'huge']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--trim huge: unknown trim size/);
    expect(existsSync(join(dir, 'manuscript'))).toBe(false);
    const made = await kindredIn(['init', dir, '--language', 'es']);
    expect(made.code, made.stderr).toBe(0);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# My notes\n');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n*.log\ndist/\n.kindred-cache/\n');
    expect(readFileSync(join(dir, 'manuscript', 'book.yaml'), 'utf8')).toMatch(/^language: es$/m);
    expect(readFileSync(join(dir, 'manuscript', 'worksheets', 'check-in.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/kindred\/schemas\/worksheets\/check-in\.schema\.json\n/);
  });

  it('makes a book that builds with no options, its EPUB clean under epubcheck', async () => {
    const dir = tempDir('kindred-init-build-');
    expect((await kindredIn(['init', '--title', 'Talking Together', '--author', 'A. Counselor'], { cwd: dir })).code).toBe(0);
    const added = await kindredIn(['new', 'worksheet', 'weekly-goals'], { cwd: dir });
    expect(added.code, added.stderr).toBe(0);
    const directive = added.stdout.split('\n').find((line) => line.startsWith('::worksheet{'))!;
    expect(directive).toMatch(/template="weekly-goals"/);
    const chapter = join(dir, 'manuscript', readdirSync(join(dir, 'manuscript')).filter((f) => f.endsWith('.md')).sort()[0]);
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\n${directive}\n`);
    const built = await kindredIn(['build'], { cwd: dir });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/^warning:/m);
    const epub = readdirSync(join(dir, 'dist')).find((f) => f.endsWith('.epub'))!;
    expect(readdirSync(join(dir, 'dist'))).toContain(epub.replace(/\.epub$/, '.pdf'));
    expect((await epubcheckFile(join(dir, 'dist', epub))).output).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  }, 300_000);

  it('new worksheet refuses a built-in name and a folder without a book', async () => {
    const dir = tempDir('kindred-new-');
    const outside = await kindredIn(['new', 'worksheet', 'goals'], { cwd: dir });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/no book\.yaml in manuscript: run kindred new in a book's folder/);
    expect((await kindredIn(['init'], { cwd: dir })).code).toBe(0);
    const builtin = await kindredIn(['new', 'worksheet', 'check-in'], { cwd: dir });
    expect(builtin.code).toBe(1);
    expect(builtin.stderr).toMatch(/"check-in" is one of Kindred's built-in worksheets/);
    expect(readdirSync(join(dir, 'templates', 'worksheets'))).toEqual(['our-strengths.hbs']);
  });
});
