import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { visit } from 'unist-util-visit';
import { loadBook } from '../../scripts/load-book.ts';
import { parseMarkdown } from '../../scripts/parse-markdown.ts';
import { prepareWorksheets } from '../../scripts/worksheets/prepare-worksheets.ts';
import { builtinTemplates, prepare, prepareErrors, tempDir } from './fixtures.ts';

const BUILTIN = [
  'check-in',
  'conversation-cards',
  'device-free-tracker',
  'healthy-checklist',
  'intimacy-assessment',
  'love-languages',
  'reflection-journal',
  'ritual-planner',
  'warning-signs',
];
const worksheetsDir = join(import.meta.dirname, '../../manuscript/worksheets');
const dataFile = (name: string) => readFileSync(join(worksheetsDir, `${name}.yaml`), 'utf8');

describe('prepareWorksheets on the book', () => {
  const book = loadBook(join(import.meta.dirname, '../../manuscript'));
  const chapters = book.chapterFiles.map((c) => ({ ...parseMarkdown(c.source, c.path), path: c.path, chapterNumber: c.number }));
  const instances = prepareWorksheets(chapters, { manuscriptDir: book.manuscriptDir, templates: builtinTemplates() });

  it('finds every built-in worksheet once, numbered in book order', () => {
    expect(instances.map((i) => i.template).sort()).toEqual(BUILTIN);
    expect(instances.map((i) => i.number)).toEqual(instances.map((_, i) => i + 1));
    expect(new Set(instances.map((i) => i.id)).size).toBe(instances.length);
    const chapterOf = Object.fromEntries(instances.map((i) => [i.template, book.chapterFiles[i.chapterNumber - 1].name]));
    expect(chapterOf['love-languages']).toMatch(/build-and-improve/);
    expect(chapterOf['ritual-planner']).toMatch(/build-and-improve/);
    expect(chapterOf['warning-signs']).toMatch(/when-intimacy-fades/);
  });

  it('marks each directive node with its worksheet id', () => {
    const marked: string[] = [];
    for (const chapter of chapters) {
      visit(chapter.tree, 'leafDirective', (node) => {
        marked.push((node.data as { worksheetId?: string }).worksheetId ?? '');
      });
    }
    expect(marked).toEqual(instances.map((i) => i.id));
  });

  it('takes titles from the data, and places from the directive', () => {
    const checkIn = instances.find((i) => i.template === 'check-in')!;
    expect(checkIn.title).toBe('Weekly Check-In');
    expect(checkIn.place.file).toMatch(/06-build-and-improve\.md$/);
    expect(checkIn.place.line).toBeGreaterThan(1);
    expect(checkIn.place.column).toBe(1);
  });
});

describe('prepareWorksheets attributes and ids', () => {
  it('numbers repeated templates with -2, -3, keeps explicit ids and uses title= and the label', () => {
    const dir = tempDir({ 'worksheets/r.yaml': dataFile('reflection-journal') });
    const d = 'template="reflection-journal" data="worksheets/r.yaml"';
    const instances = prepare([`::worksheet{${d}}\n\n::worksheet{${d} title="Evening pages"}`, `::worksheet[From the label]{${d} id="mine" extra="kept"}\n\n::worksheet{${d}}`], dir);
    expect(instances.map((i) => i.id)).toEqual(['reflection-journal', 'reflection-journal-2', 'mine', 'reflection-journal-3']);
    expect(instances.map((i) => i.title)).toEqual(['Reflection Journal', 'Evening pages', 'From the label', 'Reflection Journal']);
    expect(instances[2].context.extra).toBe('kept');
    expect(instances[3].chapterNumber).toBe(2);
  });

  it('coerces attributes to the type the schema wants and validates them', () => {
    const dir = tempDir({ 'worksheets/c.yaml': dataFile('check-in') });
    const [ok] = prepare(['::worksheet{template="check-in" data="worksheets/c.yaml" weeks="2"}'], dir);
    expect(ok.context.weeks).toBe(2);
    const errors = prepareErrors(['Text.\n\n::worksheet{template="check-in" data="worksheets/c.yaml" weeks="many"}'], dir);
    expect(errors).toEqual([expect.stringMatching(/^ch1\.md:3:1: attribute "weeks" of ::worksheet\{template="check-in"\}: .*number/)]);
  });
});

describe('prepareWorksheets errors', () => {
  it('names the YAML file, line and field of bad data', () => {
    const bad = dataFile('check-in').replace('weeks: 4', 'weeks: four').replace(/^scale: .*$/m, '');
    const dir = tempDir({ 'worksheets/check-in.yaml': bad });
    const errors = prepareErrors(['::worksheet{template="check-in" data="worksheets/check-in.yaml"}'], dir);
    const line = bad.split('\n').findIndex((l) => l.startsWith('weeks:')) + 1;
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^worksheets/check-in\\.yaml:${line}:8: field "weeks": .*expected number, received string`)));
    expect(errors).toContainEqual(expect.stringMatching(/^worksheets\/check-in\.yaml(:\d+:\d+)?: field "scale": is required/));
  });

  it('points at a nested field and an unknown language in the quiz', () => {
    const bad = dataFile('love-languages').replace('language: touch, text: "My partner reaches', 'language: hugs, text: "My partner reaches');
    const dir = tempDir({ 'worksheets/ll.yaml': bad });
    const errors = prepareErrors(['::worksheet{template="love-languages" data="worksheets/ll.yaml"}'], dir);
    const line = bad.split('\n').findIndex((l) => l.includes('language: hugs')) + 1;
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^worksheets/ll\\.yaml:${line}:\\d+: field "pairs\\.3\\.a\\.language": unknown language "hugs"`))]);
  });

  it('reports a YAML syntax error in the data file', () => {
    const dir = tempDir({ 'w.yaml': 'title: [unclosed\n' });
    const errors = prepareErrors(['::worksheet{template="reflection-journal" data="w.yaml"}'], dir);
    expect(errors[0]).toMatch(/^w\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('lists the available templates for an unknown one, at the directive', () => {
    const errors = prepareErrors(['# Title\n\n::worksheet{template="check-inn"}'], tempDir());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^ch1\.md:3:1: unknown worksheet template "check-inn" \(did you mean "check-in"\?\)/);
    for (const name of BUILTIN) expect(errors[0]).toContain(name);
  });

  it('names a missing data file at the directive', () => {
    const errors = prepareErrors(['Intro.\n\n::worksheet{template="check-in" data="worksheets/nope.yaml"}'], tempDir());
    expect(errors).toEqual([expect.stringMatching(/^ch1\.md:3:1: worksheet data file not found: worksheets\/nope\.yaml/)]);
  });

  it('reports a built-in worksheet without data, a missing template, a bad or repeated id and an inline directive — all at once', () => {
    const dir = tempDir({ 'r.yaml': dataFile('reflection-journal') });
    const errors = prepareErrors(
      [
        '::worksheet{template="check-in"}\n\n::worksheet{data="x.yaml"}\n\n::worksheet{template="reflection-journal" data="r.yaml" id="9x"}',
        '::worksheet{template="reflection-journal" data="r.yaml" id="a"}\n\n::worksheet{template="reflection-journal" data="r.yaml" id="a"}\n\nSee :worksheet{template="check-in"} here.',
      ],
      dir,
    );
    expect(errors).toEqual([
      expect.stringMatching(/^ch1\.md:1:1: worksheet "check-in" needs data: .*types/),
      expect.stringMatching(/^ch1\.md:3:1: ::worksheet needs a template attribute/),
      expect.stringMatching(/^ch1\.md:5:1: worksheet id "9x" is not a valid id/),
      expect.stringMatching(/^ch2\.md:3:1: worksheet id "a" is used twice/),
      expect.stringMatching(/^ch2\.md:5:5: a worksheet must be a leaf directive/),
    ]);
  });
});
