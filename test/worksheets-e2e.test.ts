/** Worksheets through the whole pipeline: in the printed book on their own pages, in the EPUB, custom templates, bad data. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { loadProject } from '../scripts/build.ts';
import { renderWorksheet } from '../scripts/worksheets/render-worksheet.ts';
import type { WorksheetInstance } from '../scripts/worksheets/prepare-worksheets.ts';
import { epubcheckFile } from './support/epubcheck.ts';
import { readPages, bodyText, type PageText } from './support/pdf-text.ts';
import { normalise, ROOT } from './support/seed.ts';
import { kindredIn, tempDir } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

let pages: PageText[];
let worksheets: WorksheetInstance[];
let items: Map<string, string[]>;

/** A few of the longest visible phrases of a worksheet's print rendering: its items and prompts. */
function phrases(html: string): string[] {
  const texts = html
    .replace(/<[^>]+>/g, '\n')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t.length > 12);
  return [...new Set(texts)].sort((a, b) => b.length - a.length).slice(0, 5);
}

beforeAll(async () => {
  pages = await readPages(join(sample.dir, 'closer.pdf'));
  const project = loadProject({ manuscriptDir: join(ROOT, 'manuscript'), log: () => {} });
  worksheets = project.prepared.worksheets;
  items = new Map(worksheets.map((w) => [w.id, phrases(renderWorksheet(w, 'print', project.templates))]));
});

describe('worksheets in the printed book', () => {
  it('has all nine built-in worksheets', () => {
    expect(worksheets.map((w) => w.template).sort()).toEqual(
      ['check-in', 'conversation-cards', 'device-free-tracker', 'healthy-checklist', 'intimacy-assessment', 'love-languages', 'reflection-journal', 'ritual-planner', 'warning-signs'].sort(),
    );
  });

  it('starts each worksheet at the top of its own page, with its title and items in the page text', () => {
    for (const w of worksheets) {
      const title = `Worksheet ${w.number} · ${w.title}`;
      const start = pages.findIndex((p) => normalise(bodyText(p, 50)).startsWith(normalise(title)));
      expect(start, `${title} opens a page`).toBeGreaterThan(0);
      const next = pages.findIndex((p, i) => i > start && /^\s*(Worksheet \d+ ·|C\s*H\s*A\s*P)/.test(bodyText(p, 50)));
      const text = normalise(pages.slice(start, next < 0 ? undefined : next).map((p) => bodyText(p, 50)).join(' '));
      for (const phrase of items.get(w.id)!) expect(text, `${title}: "${phrase}"`).toContain(normalise(phrase));
    }
  });
});

describe('worksheets in the EPUB', () => {
  it('renders every worksheet and lists it in the navigation', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(sample.dir, 'closer.epub')));
    const files = await Promise.all(Object.keys(zip.files).filter((f) => f.endsWith('.xhtml')).map((f) => zip.file(f)!.async('string')));
    const all = normalise(files.join(' ').replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'"));
    const nav = files.find((f) => /epub:type="toc"/.test(f))!;
    for (const w of worksheets) {
      expect(all).toContain(normalise(`Worksheet ${w.number} · ${w.title}`));
      expect(nav).toContain(`worksheet-${w.id}`);
    }
    // Without handouts.url the EPUB says a handout exists (never "the print edition").
    expect(all).toContain(normalise('printable, fillable handout'));
    expect(all).not.toContain(normalise('print edition'));
  });
});

describe('a custom worksheet template', () => {
  it('renders in both outputs with no code change, and the EPUB stays valid', async () => {
    const templates = tempDir('kindred-templates-');
    mkdirSync(join(templates, 'worksheets'), { recursive: true });
    writeFileSync(
      join(templates, 'worksheets', 'gratitude-list.hbs'),
      `{{!-- title: Gratitude List --}}
<p class="ws-instructions">{{intro}}</p>
<ol>{{#each things}}<li>{{this}} {{> ruled-lines count=1 name=(concat "thing" @index)}}</li>{{/each}}</ol>
{{#if epub}}<p>Write your list in a notebook.</p>{{/if}}`,
    );
    const dir = manuscript({
      '01-one.md': '# One\n\nSome text.\n\n::worksheet{template="gratitude-list" data="worksheets/gratitude.yaml" id="thanks"}\n',
      'worksheets/gratitude.yaml': 'intro: Three small things from this week.\nthings:\n  - A kind word at breakfast\n  - A walk in the rain\n',
    });
    const result = await kindredIn(['build', '--manuscript', dir, '--templates', templates, '--out', join(dir, 'dist'), '--no-cache'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = normalise((await readPages(join(dir, 'dist', 'test-book.pdf'))).map((p) => p.text).join(' '));
    for (const phrase of ['Worksheet 1 · Gratitude List', 'Three small things from this week.', 'A walk in the rain']) expect(text).toContain(normalise(phrase));
    expect((await epubcheckFile(join(dir, 'dist', 'test-book.epub'))).output).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'dist', 'test-book.epub')));
    const xhtml = (await Promise.all(Object.keys(zip.files).filter((f) => f.endsWith('.xhtml')).map((f) => zip.file(f)!.async('string')))).join(' ');
    expect(xhtml).toContain('A kind word at breakfast');
    expect(xhtml).toContain('Write your list in a notebook.');
  });
});

describe('bad worksheet input', () => {
  const build = (files: Record<string, string>) => {
    const dir = manuscript(files);
    return kindredIn(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'pdf'], { cwd: dir });
  };
  const journal = readFileSync(join(ROOT, 'manuscript', 'worksheets', 'reflection-journal.yaml'), 'utf8');
  const chapter = '# One\n\nText.\n\n::worksheet{template="reflection-journal" data="worksheets/journal.yaml"}\n';

  it('a missing required field names the YAML file, line and field', async () => {
    const result = await build({ '01-one.md': chapter, 'worksheets/journal.yaml': journal.replace(/^questions:[\s\S]*$/m, 'title: Only a title\n').replace(/^title: Reflection Journal\n/m, '') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/journal\.yaml(:\d+:\d+)?: .*questions/);
  });

  it('a wrong type names the YAML file, line and field', async () => {
    const result = await build({ '01-one.md': chapter, 'worksheets/journal.yaml': journal.replace('lines: 6 }', 'lines: "many" }') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/journal\.yaml:7:\d+: .*lines/);
  });

  it('an unknown template lists the available ones, at the directive', async () => {
    const result = await build({ '01-one.md': '# One\n\n::worksheet{template="love-langauges"}\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/01-one\.md:3:1: .*love-langauges/);
    expect(result.stderr).toContain('love-languages');
    expect(result.stderr).toContain('check-in');
  });

  it('a missing data file names the directive and the path', async () => {
    const result = await build({ '01-one.md': chapter });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/01-one\.md:5:1: .*worksheets\/journal\.yaml/);
  });
});
