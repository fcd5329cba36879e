/**
 * The worksheet contract: the generated docs and schemas are current, the sample book's data passes
 * its JSON Schema with ajv (and a wrong field does not), and a custom template's misspelt variable
 * is a warning at its template line, while the built-in templates with the sample data give none.
 * No browser: everything here is what `kindred build` does before it prints.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProject } from '../scripts/build.ts';
import { loadErrors } from './support/manuscript.ts';
import { listFields } from '../scripts/handouts/field-markers.ts';
import { templateVariableWarnings } from '../scripts/worksheets/check-template-variables.ts';
import { worksheetHelpers } from '../scripts/worksheets/helpers.ts';
import { renderWorksheet, worksheetContext } from '../scripts/worksheets/render-worksheet.ts';
import { tempDir } from './support/cli.ts';
import { ROOT } from './support/seed.ts';

const SAMPLE = join(ROOT, 'manuscript');
const FIXTURE = join(ROOT, 'test/fixtures/contract');

/** Every file under a folder, as paths relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

/** The sample book's worksheet directives: which template each data file is for. */
function sampleDirectives(): { template: string; data: string; chapter: string }[] {
  const book = parse(readFileSync(join(SAMPLE, 'book.yaml'), 'utf8')) as { chapters: string[] };
  return book.chapters.flatMap((chapter) =>
    [...readFileSync(join(SAMPLE, chapter), 'utf8').matchAll(/^::worksheet\{([^}]*)\}/gm)].map((m) => ({
      template: /template="([^"]+)"/.exec(m[1])![1],
      data: /data="([^"]+)"/.exec(m[1])![1],
      chapter,
    })),
  );
}

function validator(schemaPath: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  formats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, schemaPath), 'utf8')));
}

describe('generated docs and schemas', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir('kindred-contract-');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs/generate-contract.ts', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });

  it('regenerating changes nothing (run `npm run docs` after changing a schema)', () => {
    const generated = filesUnder(out);
    expect(generated).toContain('docs/worksheets.md');
    expect(generated).toContain('schemas/book.schema.json');
    for (const path of generated) expect(readFileSync(join(ROOT, path), 'utf8'), `${path} is stale: run npm run docs`).toBe(readFileSync(join(out, path), 'utf8'));
    // No schema is left behind for a worksheet that is gone.
    expect(filesUnder(join(ROOT, 'schemas')).map((p) => `schemas/${p}`)).toEqual(generated.filter((p) => p.startsWith('schemas/')));
  });

  it('documents every built-in worksheet with its schema, directive and example', () => {
    const doc = readFileSync(join(out, 'docs/worksheets.md'), 'utf8');
    const builtins = readdirSync(join(ROOT, 'templates/worksheets')).map((f) => f.replace(/\.hbs$/, ''));
    expect(builtins.length).toBeGreaterThan(0);
    for (const template of builtins) {
      expect(doc).toContain(`\n## ${template}\n`);
      expect(doc).toContain(`::worksheet{template="${template}" data="worksheets/${template}.yaml"}`);
      expect(filesUnder(out)).toContain(`schemas/worksheets/${template}.schema.json`);
    }
    // The example of each is the sample book's data file, verbatim.
    const { template, data } = sampleDirectives()[0];
    const section = doc.slice(doc.indexOf(`\n## ${template}\n`));
    expect(section).toContain(readFileSync(join(SAMPLE, data), 'utf8').trimEnd());
  });
});

describe('JSON Schema validation with ajv', () => {
  it('passes book.yaml and every data file of the sample book', () => {
    const book = validator('schemas/book.schema.json');
    expect(book(parse(readFileSync(join(SAMPLE, 'book.yaml'), 'utf8'))), JSON.stringify(book.errors)).toBe(true);
    const directives = sampleDirectives();
    const files = readdirSync(join(SAMPLE, 'worksheets')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const directive = directives.find((d) => d.data === `worksheets/${file}`);
      expect(directive, `no chapter uses worksheets/${file}`).toBeDefined();
      const validate = validator(`schemas/worksheets/${directive!.template}.schema.json`);
      expect(validate(parse(readFileSync(join(SAMPLE, 'worksheets', file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('fails data with a wrong field, a misspelt one or a value out of range, naming it', () => {
    const { template, data } = sampleDirectives().find((d) => d.template === 'check-in')!;
    const validate = validator(`schemas/worksheets/${template}.schema.json`);
    const sample = parse(readFileSync(join(SAMPLE, data), 'utf8'));

    expect(validate({ ...sample, promtps: sample.prompts })).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'promtps' } }));

    const { moreOf, ...prompts } = sample.prompts;
    expect(validate({ ...sample, prompts: { ...prompts, moreof: moreOf } })).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/prompts', params: { additionalProperty: 'moreof' } }));
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/prompts', params: { missingProperty: 'moreOf' } }));

    expect(validate({ ...sample, weeks: 12 })).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/weeks', keyword: 'maximum' }));

    const book = validator('schemas/book.schema.json');
    expect(book({ ...parse(readFileSync(join(SAMPLE, 'book.yaml'), 'utf8')), papr: 'cream' })).toBe(false);
  });

  it('and Kindred itself names the field, the fields there and docs/worksheets.md', () => {
    const dir = tempDir('kindred-contract-ms-');
    cpSync(SAMPLE, dir, { recursive: true });
    const { template, data } = sampleDirectives().find((d) => d.template === 'check-in')!;
    const text = readFileSync(join(dir, data), 'utf8');
    writeFileSync(join(dir, data), `${text.trimEnd()}\npromtps: oops\n`);
    const error = loadErrors(dir);
    const message = error.errors.map((e) => e.format(dir)).join('\n');
    const line = text.trimEnd().split('\n').length + 1;
    expect(message).toContain(`${data}:${line}:1: unknown field "promtps"`);
    expect(message).toMatch(/The fields are: title, instructions, .*prompts, scale\./);
    expect(message).toContain(`docs/worksheets.md#${template}`);
  });
});

describe('names the handouts reserve', () => {
  it('refuse the worksheet id "client", which would merge with the clients\' line', () => {
    const dir = tempDir('kindred-contract-reserved-');
    cpSync(SAMPLE, dir, { recursive: true });
    const { chapter, template, data } = sampleDirectives().at(-1)!;
    const text = readFileSync(join(dir, chapter), 'utf8');
    writeFileSync(join(dir, chapter), text.replace(`::worksheet{template="${template}" data="${data}"}`, `::worksheet{template="${template}" data="${data}" id="client"}`));
    const error = loadErrors(dir);
    expect(error.errors.map((e) => e.format(dir)).join('\n')).toMatch(new RegExp(`${chapter}:\\d+:1: worksheet id "client" is reserved`));
  });
});

describe('variables a template uses that its data does not have', () => {
  it('warn at the template line, with the data file, its fields and the worksheet, for each misspelt variable and no other', () => {
    const warnings: string[] = [];
    loadProject({ manuscriptDir: join(FIXTURE, 'manuscript'), templatesDir: join(FIXTURE, 'templates'), log: (l) => warnings.push(l) });
    const template = join(FIXTURE, 'templates/worksheets/my-sheet.hbs');
    const lines = readFileSync(template, 'utf8').split('\n');
    const misspelt = lines.flatMap((l, i) => (l.includes('{{!-- misspelt --}}') ? [i + 1] : []));
    expect(misspelt.length).toBeGreaterThan(3);

    const missing = warnings.filter((w) => / is (not in the data|not a field of) /.test(w));
    const at = (w: string) => Number(new RegExp(`${relative(process.cwd(), template)}:(\\d+):\\d+: `).exec(w)?.[1]);
    expect(missing.map(at).sort((a, b) => a - b)).toEqual(misspelt);

    const chapter = join(FIXTURE, 'manuscript/01-talk.md');
    const directiveLine = readFileSync(chapter, 'utf8').split('\n').findIndex((l) => l.startsWith('::worksheet')) + 1;
    const root = missing.find((w) => w.includes('{{promtps}}'))!;
    const line = lines.findIndex((l) => l.includes('{{promtps}}')) + 1;
    expect(root).toMatch(new RegExp(`^warning: .*templates/worksheets/my-sheet\\.hbs:${line}:\\d+: \\{\\{promtps\\}\\} is not in the data \\(.*worksheets/my-sheet\\.yaml\\); it renders blank`));
    expect(root).toContain('Fields there: title, prompts, scale (did you mean "prompts"?)');
    expect(root).toContain(`Worksheet at ${relative(process.cwd(), chapter)}:${directiveLine}:1`);
    // Inside #each over a list of mappings, the items' fields.
    expect(missing.find((w) => w.includes('"lnes"'))).toContain('is not a field of prompts[] (');
    expect(missing.find((w) => w.includes('"lnes"'))).toContain('it is undefined there');
    expect(missing.find((w) => w.includes('"lnes"'))).toContain('Fields there: prompt, lines (did you mean "lines"?)');
  });

  it('do not warn for the built-in templates with the sample data, and do for a misspelt copy of one', () => {
    const warnings: string[] = [];
    const project = loadProject({ manuscriptDir: SAMPLE, log: (l) => warnings.push(l) });
    expect(project.prepared.worksheets.length).toBe(sampleDirectives().length);
    for (const worksheet of project.prepared.worksheets) expect(templateVariableWarnings(worksheet, project.templates), worksheet.template).toEqual([]);
    expect(warnings.filter((w) => / is (not in the data|not a field of) /.test(w))).toEqual([]);

    // The same template, one field misspelt inside its #each: a user's copy, so the build warns.
    const templates = tempDir('kindred-contract-templates-');
    const source = readFileSync(join(ROOT, 'templates/worksheets/intimacy-assessment.hbs'), 'utf8');
    expect(source).toContain('{{description}}');
    mkdirSync(join(templates, 'worksheets'));
    writeFileSync(join(templates, 'worksheets/intimacy-assessment.hbs'), source.replace('{{description}}', '{{descripton}}'));
    const copyWarnings: string[] = [];
    loadProject({ manuscriptDir: SAMPLE, templatesDir: templates, log: (l) => copyWarnings.push(l) });
    const line = source.split('\n').findIndex((l) => l.includes('{{description}}')) + 1;
    const missing = copyWarnings.filter((w) => / is (not in the data|not a field of) /.test(w));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(new RegExp(`intimacy-assessment\\.hbs:${line}:\\d+: \\{\\{descripton\\}\\} is not a field of types\\[\\]`));
    expect(missing[0]).toContain('(did you mean "description"?)');
  });
});

describe('docs/templates.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/templates.md'), 'utf8');
  /** The text of a section, from its heading to the next of its level. */
  const section = (heading: string) => {
    const start = doc.indexOf(`\n${heading}\n`);
    expect(start, heading).toBeGreaterThan(0);
    const level = heading.split(' ')[0];
    const end = doc.indexOf(`\n${level} `, start + heading.length + 2);
    return doc.slice(start, end < 0 ? undefined : end);
  };
  const project = loadProject({ manuscriptDir: join(FIXTURE, 'manuscript'), templatesDir: join(FIXTURE, 'templates'), log: () => {} });
  const example = project.prepared.worksheets.find((w) => w.template === 'good-things')!;

  it('names everything a template receives, every helper and every partial', () => {
    const received = section('## What a template receives');
    for (const medium of ['print', 'epub', 'handout'] as const) {
      const context = worksheetContext(example, medium, project.templates);
      for (const key of Object.keys(context).filter((k) => !(k in example.context) || k === 'title' || k === 'instructions')) expect(received, key).toContain(`| \`${key}\` |`);
    }
    const helpers = section('## Helpers');
    for (const name of Object.keys(worksheetHelpers)) expect(helpers, name).toMatch(new RegExp(`\`${name}\``));
    const partials = section('## Partials');
    for (const file of readdirSync(join(ROOT, 'templates/partials'))) expect(partials, file).toContain(`\`${file.replace(/\.hbs$/, '')}\``);
  });

  it('names only CSS classes that the stylesheets, templates or pipeline use', () => {
    const css = ['worksheets.css', 'worksheets-epub.css'].map((f) => readFileSync(join(ROOT, 'templates/css', f), 'utf8')).join('\n');
    const templates = ['worksheets', 'partials'].flatMap((dir) => readdirSync(join(ROOT, 'templates', dir)).map((f) => readFileSync(join(ROOT, 'templates', dir, f), 'utf8')));
    const used = [css, ...templates].join('\n');
    const table = section('## CSS classes').split('\n').filter((l) => l.startsWith('| `'));
    const classes = table.flatMap((row) => [...row.split(' | ')[0].matchAll(/`([a-z][a-z-]*)`/g)].map((m) => m[1]));
    expect(classes.length).toBeGreaterThan(40);
    for (const name of classes) expect(used.includes(`.${name}`) || used.includes(`"${name}`) || used.includes(` ${name}"`) || used.includes(` ${name} `), name).toBe(true);
  });

  it('shows the worked example as the tests build it, with the field names it really makes', () => {
    const worked = section('## A worked example');
    expect(worked).toContain(readFileSync(join(FIXTURE, 'templates/worksheets/good-things.hbs'), 'utf8').trimEnd());
    expect(worked).toContain(readFileSync(join(FIXTURE, 'manuscript/worksheets/good-things.yaml'), 'utf8').trimEnd());
    expect(worked).toContain(`::worksheet{template="good-things" data="worksheets/good-things.yaml"}`);
    const fields = listFields(renderWorksheet(example, 'handout', project.templates, { fillable: true })).map((f) => f.name);
    expect(fields.length).toBeGreaterThan(2);
    expect(worked).toContain(`\`${fields[0]}\`, \`${fields[1]}\` … \`${fields.at(-1)}\``);
    expect(worked).toContain(`\`${example.id}.${fields[0]}\``);
    expect(renderWorksheet(example, 'epub', project.templates)).toContain('<ol class="good-things-list">');
  });
});
