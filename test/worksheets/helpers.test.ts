import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { camelCase, fieldName, firstSentence, worksheetHelpers } from '../../scripts/worksheets/helpers.ts';

const render = (source: string, context: object = {}) => {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(worksheetHelpers)) hb.registerHelper(name, fn);
  return hb.compile(source)(context);
};

describe('worksheet helpers', () => {
  it('builds readable, dotted field names', () => {
    expect(fieldName('week', 2, 'appreciation')).toBe('week2.appreciation');
    expect(fieldName('partnerA', 'Open communication', 'item', 3)).toBe('partnerA.openCommunication.item3');
    expect(fieldName('month.week', 1, 'Mon')).toBe('month.week1.mon');
    expect(camelCase('Less physical affection')).toBe('lessPhysicalAffection');
  });

  it('repeats a block with @number, from 1 or from start', () => {
    expect(render('{{#times 3}}{{@number}}{{#unless @last}},{{/unless}}{{/times}}')).toBe('1,2,3');
    expect(render('{{#times 2 start=16}}[{{this}}]{{/times}}')).toBe('[16][17]');
  });

  it('computes and compares', () => {
    expect(render('{{add 1 2}} {{letter 1}} {{pad 7 2}} {{#if (eq a "x")}}yes{{/if}}', { a: 'x' })).toBe('3 B 07 yes');
    expect(render('{{#each (chunk 5 2)}}[{{this}}]{{/each}}')).toBe('[1,2][3,4][5]');
    expect(render('{{concat "Week " 3}}')).toBe('Week 3');
  });

  it('takes the first sentence of a text, closing quote included', () => {
    expect(firstSentence('You feel loved by tokens that say “I was thinking of you”. It is the thought.')).toBe('You feel loved by tokens that say “I was thinking of you”.');
    expect(firstSentence('Is it 3.5 hours? Yes.')).toBe('Is it 3.5 hours?');
    expect(firstSentence('  No full stop  ')).toBe('No full stop');
  });

  it('prints prefilled values from the root context', () => {
    expect(render('{{prefilled "partnerA.name"}}', { prefill: { 'partnerA.name': 'Sam & Alex' } })).toBe('Sam &amp; Alex');
  });
});
