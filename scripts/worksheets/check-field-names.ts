/**
 * Form-field names are made from worksheet data (a type "Emotional" → `week.partnerA.rating.emotional`),
 * so data can make two write-in areas share a name, or make one name the prefix of another — which
 * pdf-lib refuses when it builds the handout's form. `kindred build` finds that here, at the worksheet
 * directive and at the YAML lines whose values made the name, long before `kindred handouts` runs.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { type Cache, cachedJson, hash, kindredVersion, templatesDigest } from '../cache.ts';
import { KindredError } from '../errors.ts';
import type { TemplateSet } from '../render-template.ts';
import { listFields, type FieldSpec } from '../handouts/field-markers.ts';
import { camelCase } from './helpers.ts';
import type { WorksheetInstance } from './prepare-worksheets.ts';
import { renderWorksheet } from './render-worksheet.ts';

const KIND = 'fields';

interface Clash {
  name: string;
  message: string;
}

/** The clashes among a worksheet's field names, each named once. */
export function findClashes(fields: FieldSpec[]): Clash[] {
  const clashes: Clash[] = [];
  const byName = new Map<string, FieldSpec[]>();
  for (const field of fields) byName.set(field.name, [...(byName.get(field.name) ?? []), field]);
  for (const [name, uses] of byName) {
    const kinds = new Set(uses.map((u) => u.type));
    if (kinds.size > 1) clashes.push({ name, message: `"${name}" names both a ${[...kinds].join(' and a ')} field` });
    else if (uses[0].type !== 'radio' && uses.length > 1) clashes.push({ name, message: `${uses.length} write-in areas are all named "${name}"` });
    else if (uses[0].type === 'radio') {
      const values = uses.map((u) => u.value);
      const twice = values.find((v, i) => values.indexOf(v) !== i);
      if (twice !== undefined) clashes.push({ name, message: `the rating "${name}" appears twice (its option "${twice}" twice)` });
    }
  }
  const names = [...byName.keys()].sort();
  for (let i = 0; i + 1 < names.length; i++) {
    for (let j = i + 1; j < names.length && names[j].startsWith(names[i]); j++) {
      if (names[j][names[i].length] === '.') clashes.push({ name: names[j], message: `"${names[i]}" is both a field and the start of the field "${names[j]}"` });
    }
  }
  return clashes;
}

/** The YAML values of a data file that become a segment of `name` (`Emotional` → `emotional`), with their lines. */
function yamlSources(file: string, name: string): { line: number; column: number; value: string }[] {
  const segments = new Set(name.split('.').map((s) => s.replace(/\d+$/, '')));
  const counter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter });
  const found: { line: number; column: number; value: string }[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
      if (!segments.has(camelCase(node.value))) return;
      const { line, col } = counter.linePos(node.range[0]);
      found.push({ line, column: col, value: node.value });
    },
  });
  return found;
}

/** A worksheet's form fields: from its handout, rendered, or from the build cache by the worksheet and the templates. */
function fieldsOf(instance: WorksheetInstance, templates: TemplateSet, cache: Cache | undefined): FieldSpec[] {
  const key = cache ? hash(kindredVersion(), templatesDigest(templates), JSON.stringify(instance)) : '';
  return cachedJson(cache, KIND, key, isFieldList, () => listFields(renderWorksheet(instance, 'handout', templates, { fillable: true })));
}

const isFieldList = (value: unknown): value is FieldSpec[] =>
  Array.isArray(value) && value.every((f) => typeof f?.name === 'string' && typeof f.type === 'string');

/** Renders each worksheet's handout and reports every field-name clash, at the directive and the YAML lines. */
export function checkFieldNames(instances: WorksheetInstance[], templates: TemplateSet, cache?: Cache): KindredError[] {
  const errors: KindredError[] = [];
  const seen = new Set<string>();
  for (const instance of instances) {
    const fields = fieldsOf(instance, templates, cache);
    for (const clash of findClashes(fields)) {
      const sources = instance.dataFile ? yamlSources(instance.dataFile, clash.name) : [];
      const where = sources.map((s) => `${relative(process.cwd(), instance.dataFile!)}:${s.line}:${s.column} ("${s.value}")`);
      // The same data makes the same clash in each partner's column: report it once.
      const key = `${instance.id}\0${where.join()}`;
      if (where.length && seen.has(key)) continue;
      seen.add(key);
      errors.push(
        new KindredError(`worksheet "${instance.id}": ${clash.message}, so its handout cannot be a fillable form`, {
          ...instance.place,
          hint: `${where.length ? `The name comes from ${where.join(', ')}.\n` : ''}Give the items distinct names (they are compared without case, spaces and accents), or rename the field in the template.`,
        }),
      );
    }
  }
  return errors;
}
