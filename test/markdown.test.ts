/** Real-world Markdown: raw HTML, comments, tables, code, footnotes, remote images, directive look-alikes. */
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadProject } from '../scripts/build.ts';
import { renderChapter } from '../scripts/render-chapter.ts';
import { kindredIn } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';
import { readPages } from './support/pdf-text.ts';
import { normalise } from './support/seed.ts';

const CHAPTER = `# Real World

Hello :smile: and note:this, at 10:30 on a 3:2 screen.

<!-- an editor's note that must not print -->

<div class="box">Raw <strong>HTML</strong> kept<script>document.title = 'pwned'</script></div>

<img src="javascript:alert(1)" onerror="alert(1)">

| Language | Speaks through |
|---|---|
| Quality time | attention |
| Physical touch | closeness |

\`\`\`
let us = together();
\`\`\`

A claim with a note.[^1]

![A sunset photo](https://example.com/sunset.jpg)

[^1]: The footnote text.
`;

describe('real-world Markdown', () => {
  let dir: string;
  let html: string;
  const warnings: string[] = [];

  beforeAll(() => {
    dir = manuscript({ '01-one.md': CHAPTER });
    const { templates, prepared } = loadProject({ manuscriptDir: dir, log: (l) => warnings.push(l) });
    // Print ties each paragraph's last two words (no runts): compare the words, not the space between them.
    html = renderChapter(prepared.chapters[0], 'print', prepared.worksheets, templates).html.replace(/\u00A0/g, ' ');
  });

  it('keeps prose that merely looks like a text directive as written', () => {
    expect(html).toContain('Hello :smile: and note:this, at 10:30 on a 3:2 screen.');
  });

  it('sanitises raw HTML: markup kept, scripts and event handlers gone, comments dropped', () => {
    expect(html).toContain('<strong>HTML</strong>');
    expect(html).not.toMatch(/<script|onerror|alert\(|pwned/);
    expect(html).not.toContain("editor's note");
  });

  it('renders GFM tables, code blocks and footnotes', () => {
    expect(html).toMatch(/<table>[\s\S]*Quality time[\s\S]*<\/table>/);
    expect(html).toContain('<pre><code>let us = together();');
    expect(html).toMatch(/data-footnote-ref/);
    expect(html).toContain('The footnote text.');
  });

  it('never fetches a remote image: its alt text stands in, with a warning naming file:line', () => {
    expect(html).not.toContain('example.com');
    expect(html).toContain('[A sunset photo]');
    expect(warnings.join('\n')).toMatch(/01-one\.md:22:1: remote image not fetched/);
  });

  it('prints all of it to PDF through the real browser, offline', async () => {
    const result = await kindredIn(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf', '--no-cache'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/01-one\.md:22:1: remote image not fetched/);
    expect(result.stderr).not.toMatch(/blocked a request/);
    const pdf = join(dir, 'dist', 'test-book.pdf');
    expect(existsSync(pdf)).toBe(true);
    const text = normalise((await readPages(pdf)).map((p) => p.text).join(' '));
    for (const expected of ['Quality time', 'Physical touch', 'let us = together();', 'The footnote text.', 'Raw HTML kept']) {
      expect(text).toContain(normalise(expected));
    }
    expect(text).not.toContain('pwned');
  });
});
