/**
 * Faults of the machine are user errors found early (exit 1, one plain sentence, the last good outputs
 * intact), and an interrupt at any stage exits 130/143 leaving no temp folder and no browser behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { kindred, kindredIn, ROOT, sharedBrowser, tempDir } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';

const PARAGRAPH = 'Intimacy is built one honest moment at a time, in small turns toward each other. ';
const chapter = (n: number) => `# Chapter ${n}\n\n${PARAGRAPH.repeat(60)}\n\n## More\n\n${PARAGRAPH.repeat(60)}\n`;
const dir = manuscript({ '01-one.md': chapter(1) });
const build = (out: string, ...extra: string[]) => kindredIn(['build', '--manuscript', dir, '--out', out, '--format', 'pdf', '--no-cache', ...extra], { cwd: dir });

/** Mounts a small tmpfs (root only); undefined when this machine does not allow it. */
const mounts: string[] = [];
function tmpfs(options: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const at = tempDir('kindred-mount-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]);
  if (r.status !== 0) return undefined;
  mounts.push(at);
  return at;
}
afterAll(() => {
  for (const at of mounts) spawnSync('umount', ['-l', at]);
});

describe('faults found before the browser starts', () => {
  it('--out naming a file', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await build(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: the output folder .*not-a-folder is a file, not a folder\.$/m);
    expect(r.stderr).not.toMatch(/this is a bug/);
  });

  it('a read-only output folder', async () => {
    let out: string;
    const ro = tmpfs('size=64k,ro');
    if (ro) out = ro;
    else {
      out = tempDir('kindred-ro-');
      chmodSync(out, 0o555);
    }
    const r = await build(out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(ro ? /^error: .* is on a read-only file system\.$/m : /^error: no permission to write .*\.$/m);
    expect(r.stderr).not.toMatch(/this is a bug/);
  });

  it('started no browser for them', () => {
    expect(sharedBrowser().started).toBe(false);
  });

  it('a missing temp folder', () => {
    const r = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf'], { cwd: dir, env: { TMPDIR: '/nonexistent/kindred-tmp' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: the temporary folder /nonexistent/kindred-tmp does not exist.');
    expect(r.stderr).not.toMatch(/this is a bug/);
  });

  it('KINDRED_CHROME naming a file that is not a program', () => {
    const r = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf'], { cwd: dir, env: { KINDRED_CHROME: join(dir, '01-one.md') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('01-one.md, which is not a program.');
  });
});

describe('faults met while building', () => {
  const out = join(dir, 'good');
  let good: Buffer;
  beforeAll(async () => {
    const r = await build(out);
    expect(r.code, r.stderr).toBe(0);
    good = readFileSync(join(out, 'test-book.pdf'));
  });

  it('KINDRED_CHROME naming a program that is not a browser', () => {
    const fake = join(dir, 'fake-chrome');
    writeFileSync(fake, '#!/bin/sh\necho "not a browser" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    const r = kindred(['build', '--manuscript', dir, '--out', out, '--format', 'pdf', '--no-cache'], { cwd: dir, env: { KINDRED_CHROME: fake } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: could not start the browser .*fake-chrome: /m);
    expect(r.stderr).not.toMatch(/this is a bug/);
    expect(readFileSync(join(out, 'test-book.pdf')).equals(good)).toBe(true);
  });

  it('a full disk: exit 1, one sentence, the old PDF intact', async (ctx) => {
    const small = tmpfs('size=256k');
    if (!small) return ctx.skip();
    const full = join(small, 'dist');
    mkdirSync(full);
    writeFileSync(join(full, 'test-book.pdf'), 'the last good PDF');
    // Fill the disk but for a few blocks: the output folder check passes, the PDF does not fit.
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(small, 'filler')}`, 'bs=4k', 'count=60'], { stdio: 'ignore' });
    } catch {
      /* full */
    }
    const r = await build(full);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: the disk is full: could not write .*\.$/m);
    expect(readFileSync(join(full, 'test-book.pdf'), 'utf8')).toBe('the last good PDF');
    expect(readdirSync(full).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a page that takes longer than KINDRED_PAGE_TIMEOUT is a user error that says how to allow more', async () => {
    process.env.KINDRED_PAGE_TIMEOUT = '0.001';
    try {
      const r = await build(out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error: the browser took longer than 0\.001 s to lay out/);
      expect(r.stderr).toContain('set KINDRED_PAGE_TIMEOUT to more seconds');
    } finally {
      delete process.env.KINDRED_PAGE_TIMEOUT;
    }
    expect(readFileSync(join(out, 'test-book.pdf')).equals(good)).toBe(true);
  });
});

describe('interrupts', () => {
  const big = manuscript({
    'book.yaml': `title: Test Book\nauthor: Test Author\ndescription: d\nidentifier: urn:uuid:00000000-0000-4000-8000-000000000000\nchapters:\n${Array.from({ length: 30 }, (_, i) => `  - ${String(i + 1).padStart(2, '0')}.md\n`).join('')}`,
    ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${String(i + 1).padStart(2, '0')}.md`, chapter(i + 1)])),
  });
  const out = join(big, 'dist');
  const old: Record<string, Buffer> = {};
  beforeAll(async () => {
    // The last good outputs, from a shorter book.
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'test-book.pdf'), 'the last good PDF');
    writeFileSync(join(out, 'test-book.epub'), 'the last good EPUB');
    for (const f of readdirSync(out)) old[f] = readFileSync(join(out, f));
  });

  const cases = [
    { stage: 'reading', at: '• reading', signal: 'SIGINT', code: 130, format: 'pdf' },
    { stage: 'printing', at: '• printing', signal: 'SIGTERM', code: 143, format: 'pdf' },
    { stage: 'EPUB writing', at: '• writing the EPUB', signal: 'SIGINT', code: 130, format: 'epub' },
  ] as const;

  it.each(cases)('$signal while $stage: exit $code, no temp folder, no browser, old outputs intact', async ({ at, signal, code, format }) => {
    const tmp = tempDir('kindred-signal-tmp-');
    const child = spawn(process.execPath, [join(ROOT, 'scripts/bin/kindred.js'), 'build', '--manuscript', big, '--out', out, '--format', format, '--no-cache'], {
      cwd: big,
      env: { ...process.env, TMPDIR: tmp },
    });
    let stderr = '';
    const exit = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes(at) && !child.killed) child.kill(signal);
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(exit, stderr).toBe(code);
    expect(stderr).toContain(`interrupted (${signal})`);
    expect(stderr).not.toMatch(/this is a bug/);
    expect(readdirSync(tmp)).toEqual([]);
    expect(spawnSync('pgrep', ['-f', tmp]).stdout.toString().trim()).toBe('');
    for (const [f, bytes] of Object.entries(old)) expect(readFileSync(join(out, f)).equals(bytes), f).toBe(true);
    expect(existsSync(out) && readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
