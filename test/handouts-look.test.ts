/** An empty fillable handout must print exactly like the flat one: form widgets add nothing until filled in. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kindredIn, tempDir } from './support/cli.ts';

function pixels(pdf: string, page: number, out: string): Buffer {
  execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', String(page), '-l', String(page), '-singlefile', pdf, out]);
  return readFileSync(`${out}.pgm`);
}

describe('fillable handouts', () => {
  it('look the same as flat ones until a reader fills them in (no widget covers the print)', async () => {
    const dir = tempDir('kindred-look-');
    const only = ['--only', 'love-languages,ritual-planner,healthy-checklist'];
    expect((await kindredIn(['handouts', '--out', join(dir, 'fill'), ...only])).code).toBe(0);
    expect((await kindredIn(['handouts', '--out', join(dir, 'flat'), '--flat', ...only])).code).toBe(0);
    for (const id of ['love-languages', 'ritual-planner', 'healthy-checklist']) {
      const fill = pixels(join(dir, 'fill', 'handouts', `${id}.pdf`), 1, join(dir, `${id}-fill`));
      const flat = pixels(join(dir, 'flat', 'handouts', `${id}.pdf`), 1, join(dir, `${id}-flat`));
      let differing = 0;
      for (let i = 0; i < fill.length; i++) if (Math.abs(fill[i] - flat[i]) > 24) differing++;
      expect(differing, `${id}: ${differing} pixels differ`).toBe(0);
    }
  });
});
