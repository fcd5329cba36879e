import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateSet, templateDirs } from '../../scripts/render-template.ts';
import { worksheetHelpers } from '../../scripts/worksheets/helpers.ts';
import type { Medium, } from '../../scripts/worksheets/prepare-worksheets.ts';
import { renderWorksheet } from '../../scripts/worksheets/render-worksheet.ts';
import { builtinTemplates, prepare, prepareErrors, tempDir } from './fixtures.ts';

const manuscriptDir = join(import.meta.dirname, '../../manuscript');
const BUILTIN = builtinTemplates().list('worksheets');
const templates = builtinTemplates();
const instances = prepare([BUILTIN.map((n) => `::worksheet{template="${n}" data="worksheets/${n}.yaml"}`).join('\n\n')], manuscriptDir);
const byName = (name: string) => instances.find((i) => i.template === name)!;
const yamlText = (name: string) => readFileSync(join(manuscriptDir, 'worksheets', `${name}.yaml`), 'utf8');

/** Problems that would make the fragment invalid XHTML: unbalanced or unquoted tags, named entities. */
function xhtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (html.slice(last, m.index).includes('<')) problems.push(`malformed tag near: ${html.slice(last, m.index).slice(0, 60)}`);
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (!name || selfClose) continue;
    if (!close) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> does not close the open element`);
  }
  if (html.slice(last).includes('<')) problems.push('malformed tag at the end');
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  for (const entity of html.match(/&[^\s;]*;?/g) ?? []) {
    if (!/^&(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);$/.test(entity)) problems.push(`entity ${entity}`);
  }
  return problems;
}

/** Every write-in element: [name, type, value]. */
const fields = (html: string) =>
  [...html.matchAll(/<[^>]*\sdata-field="([^"]*)"[^>]*>/g)].map((m) => [
    m[1],
    /data-field-type="([^"]*)"/.exec(m[0])?.[1],
    /data-field-value="([^"]*)"/.exec(m[0])?.[1],
  ]);

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(BUILTIN)('built-in worksheet %s', (name) => {
  const instance = byName(name);

  it.each(['print', 'epub', 'handout'] as Medium[])('renders a framed, well-formed fragment for %s', (medium) => {
    const html = renderWorksheet(instance, medium, templates);
    // A handout stands alone: its title has no "Worksheet N" from the book.
    const label = medium === 'handout' ? '' : `<span class="worksheet-label">Worksheet ${instance.number}</span> · `;
    expect(html).toMatch(new RegExp(`^<section class="worksheet ws-${name}" id="worksheet-${instance.id}" data-worksheet="${instance.id}">\\s*<h2 class="worksheet-title">${label}${instance.title.replace(/[?]/g, '\\?')}</h2>`));
    expect(xhtmlProblems(html)).toEqual([]);
    // The EPUB names the handout; no medium sends the reader to the print edition.
    expect(html.includes('fillable handout')).toBe(medium === 'epub');
    expect(html).not.toContain('print edition');
    if (medium === 'epub') expect(html).not.toContain('data-field');
    else if (name !== 'conversation-cards') expect(html).toContain('data-field-type=');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it.each(['print', 'handout'] as Medium[])('gives every write-in element a type and a name unique in the worksheet (%s)', (medium) => {
    const list = fields(renderWorksheet(instance, medium, templates));
    for (const [field, type] of list) {
      expect(field).toMatch(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)*$/);
      expect(['text', 'multiline', 'checkbox', 'radio']).toContain(type);
    }
    const single = list.filter(([, type]) => type !== 'radio').map(([f]) => f);
    const radios = list.filter(([, type]) => type === 'radio');
    expect(new Set(single).size).toBe(single.length);
    expect(new Set(radios.map(([f, , v]) => `${f}=${v}`)).size).toBe(radios.length);
    for (const [f, , v] of radios) {
      expect(single).not.toContain(f);
      expect(v).toBeTruthy();
    }
  });

  it('shows the data in print and in the EPUB', () => {
    const data = yamlText(name);
    const strings = [...data.matchAll(/(?:prompt: |name: |text: |heading: |^\s+- )"?([A-Z][^"\n{},]{8,60})/gm)].map((m) => m[1].trim());
    expect(strings.length).toBeGreaterThan(0);
    for (const medium of ['print', 'epub'] as Medium[]) {
      const page = text(renderWorksheet(instance, medium, templates)).replace(/&#x27;/g, "'");
      for (const s of strings) expect(page).toContain(s.replace(/&/g, '&amp;'));
    }
  });
});

describe('worksheet rendering', () => {
  it('splits multi-page worksheets into pages: one quiz copy per partner, one check-in page per week', () => {
    const quiz = renderWorksheet(byName('love-languages'), 'print', templates);
    expect(quiz.match(/class="ws-page /g)).toHaveLength(4);
    expect(fields(quiz).filter(([f]) => /^partnerB\.q\d+$/.test(f!))).toHaveLength(40);
    expect(renderWorksheet(byName('check-in'), 'print', templates).match(/class="ws-page ws-week"/g)).toHaveLength(4);
    expect(fields(renderWorksheet(byName('device-free-tracker'), 'print', templates)).map(([f]) => f)).toContain('day17.minutes');
  });

  it('condenses the long worksheets for a handout: one quiz copy with the key, a tally and short results; one check-in week', () => {
    const quiz = renderWorksheet(byName('love-languages'), 'handout', templates);
    expect(quiz.match(/class="ws-page /g)).toHaveLength(1);
    expect(quiz).toContain('>Your answers</h3>');
    expect(quiz).not.toContain('’s copy');
    const names = fields(quiz).map(([f]) => f!);
    expect(names.filter((f) => /^partner\.q\d+$/.test(f))).toHaveLength(40);
    expect(names).toEqual(expect.arrayContaining(['partner.name', 'partner.tally.words', 'partner.primary', 'partner.speakThisWeek.line1', 'partner.speakThisWeek.line2']));
    expect(names.filter((f) => /^partner[AB]\./.test(f))).toEqual([]);
    // Each language in a line or two: its first sentence and one way to speak it.
    expect(text(quiz)).toContain('Words of affirmation. You feel loved through what is said: praise, thanks, encouragement and the plain words “I love you”. Try: Name one specific thing');
    expect(text(quiz)).not.toContain('Criticism lands hard');
    expect(text(quiz)).toContain('circle A or B');
    expect(text(quiz)).not.toContain('read your results together');

    const checkIn = renderWorksheet(byName('check-in'), 'handout', templates);
    expect(checkIn.match(/class="ws-(page )?week"/g)).toHaveLength(1);
    expect(checkIn).not.toContain('Week 1');
    expect(fields(checkIn).map(([f]) => f)).toEqual(expect.arrayContaining(['week.date', 'week.partnerA.rating.emotional', 'week.moreOf.line1', 'week.partnerB.request.line2', 'week.nextRitual']));
  });

  it('uses readable field names, one field per ruled line, ratings and data-made names in their own namespace', () => {
    const checkIn = fields(renderWorksheet(byName('check-in'), 'print', templates)).map(([f]) => f);
    expect(checkIn).toEqual(expect.arrayContaining(['week2.partnerA.appreciation.line1', 'week2.partnerA.appreciation.line2', 'week1.partnerB.rating.emotional', 'week4.moreOf.line1', 'week3.date']));
    const assessment = fields(renderWorksheet(byName('intimacy-assessment'), 'print', templates));
    expect(assessment).toContainEqual(['type.emotional.partnerA', 'radio', '3']);
  });

  it('prints prefilled values, escaped', () => {
    const html = renderWorksheet(byName('love-languages'), 'print', templates, { prefill: { 'partnerA.name': 'Sam <3' } });
    expect(html).toContain('data-field="partnerA.name" data-field-type="text" data-field-label="Name">Sam &lt;3</div>');
    expect(renderWorksheet(byName('love-languages'), 'print', templates, { fillable: true })).toBe(renderWorksheet(byName('love-languages'), 'print', templates));
  });

  it('escapes data and attributes', () => {
    const dir = tempDir({ 'r.yaml': 'questions:\n  - prompt: "<script>alert(1)</script> & more"\n' });
    const [instance] = prepare(['::worksheet{template="reflection-journal" data="r.yaml" title="Us & <b>them</b>"}'], dir);
    const html = renderWorksheet(instance, 'epub', templates);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).toContain('· Us &amp; &lt;b&gt;them&lt;/b&gt;</h2>');
    expect(xhtmlProblems(html)).toEqual([]);
  });
});

describe('custom templates', () => {
  const userTemplates = tempDir({
    'worksheets/gratitude.hbs': [
      '{{!-- title: Gratitude List --}}',
      '{{#if print}}{{#each items}}{{> prompt text=this field=(fieldName "item" (add @index 1)) lines=2}}{{/each}}',
      '{{else}}<ul>{{#each items}}<li>{{this}}</li>{{/each}}</ul>{{/if}}<p class="mood">{{mood}}</p>',
    ].join('\n'),
    'worksheets/check-in.hbs': '<p>My own check-in for {{who}}</p>',
  });
  const set = createTemplateSet(templateDirs(userTemplates), worksheetHelpers);
  const dir = tempDir({ 'g.yaml': 'items: [Your laugh, Sunday coffee]\nanything: 1\n' });

  it('renders a dropped-in template with its data and attributes in both media, with no schema', () => {
    const [instance] = prepare(['::worksheet{template="gratitude" data="g.yaml" mood="calm"}'], dir, set);
    expect(instance.title).toBe('Gratitude List');
    expect(instance.context).toMatchObject({ items: ['Your laugh', 'Sunday coffee'], anything: 1, mood: 'calm' });
    const print = renderWorksheet(instance, 'print', set);
    expect(print).toContain('Worksheet 1</span> · Gratitude List</h2>');
    expect(fields(print)).toEqual(['item1.line1', 'item1.line2', 'item2.line1', 'item2.line2'].map((f) => [f, 'text', undefined]));
    const epub = renderWorksheet(instance, 'epub', set);
    expect(epub).toContain('<li>Sunday coffee</li>');
    expect(xhtmlProblems(epub)).toEqual([]);
  });

  it('lets a user template replace a built-in one, and with it the built-in schema', () => {
    const [instance] = prepare(['::worksheet{template="check-in" who="us"}'], dir, set);
    expect(renderWorksheet(instance, 'epub', set)).toContain('<p>My own check-in for us</p>');
  });

  it('lists user templates among the available ones', () => {
    expect(prepareErrors(['::worksheet{template="nope"}'], dir, set)[0]).toMatch(/Available templates: .*gratitude/);
  });
});
