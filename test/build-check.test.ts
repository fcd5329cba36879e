/** `build` preflights its own print PDF: a book that breaks a print-on-demand rule fails with the rule named. */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kindredIn } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';

const CHAPTER = `# One\n\n${'Intimacy is built one honest moment at a time. '.repeat(150)}\n`;

describe('the preflight in build', () => {
  const dir = manuscript({ '01-one.md': CHAPTER });
  const build = (...extra: string[]) => kindredIn(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf', '--no-cache', ...extra], { cwd: dir });

  it('fails with exit 1 and names each failing rule, leaving the PDF to look at', async () => {
    const r = await build('--bleed', '0.25in');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: the print PDF breaks a print-on-demand rule:\n {2}bleed: page 1: 0\.25 in at the outside edge; bleed must be 0\.125 in/m);
    expect(r.stderr).toContain('--no-check skips this');
    expect(existsSync(join(dir, 'dist', 'test-book.pdf'))).toBe(true);
  });

  it('--no-check skips it', async () => {
    const r = await build('--bleed', '0.25in', '--no-check');
    expect(r.code, r.stderr).toBe(0);
  });

  // The sample book at 6×9 with bleed passing it: test/interior.test.ts, which builds that book.
});
