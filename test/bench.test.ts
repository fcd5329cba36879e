/** CI smoke run of `npm run bench` on the 1× book: it builds, prints bare, and reports ratios and memory. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/cli.ts';

describe('npm run bench', () => {
  it('reports cold, warm and edit times as ratios to the bare print, with peak memory, for the 1× book', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'test', 'bench', 'bench.ts'), '--sizes', '1'], { cwd: ROOT, encoding: 'utf8', timeout: 590_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1× book: 9 chapters, \d+ KB of Markdown, \d+ pages/);
    expect(r.stdout).toMatch(/bare Chromium print of the same HTML\s+\d+\.\d\d s/);
    expect(r.stdout).toMatch(/cold build \(empty cache\)\s+\d+\.\d\d s\s+cold \/ bare = \d+\.\d\d×/);
    expect(r.stdout).toMatch(/warm build \(nothing changed\)\s+\d+\.\d\d s\s+warm \/ bare = \d+\.\d\d×/);
    expect(r.stdout).toMatch(/one-paragraph edit\s+\d+\.\d\d s\s+edit \/ bare = \d+\.\d\d×\s+\(parsed 1 of 9 chapters/);
    expect(r.stdout).toMatch(/the edit saved under --watch\s+\d+\.\d\d s\s+watch \/ bare = \d+\.\d\d×/);
    expect(r.stdout).toMatch(/peak memory of the process tree\s+\d+ MB/);
  }, 600_000);
});
