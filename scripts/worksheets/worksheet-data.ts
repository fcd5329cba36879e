/**
 * A worksheet's context: its directive's attributes over its YAML data, validated against the
 * built-in type's schema when the template in use is the built-in one.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { KindredError, KindredErrors, type Place } from '../errors.ts';
import { parseYaml, schemaErrors } from '../load-book.ts';
import { builtinTypes } from './worksheet-schemas.ts';
import { readText } from '../read-text.ts';
import { confinement, resolveReference } from '../resolve-resource.ts';

type Yaml = ReturnType<typeof parseYaml>;

/** Attributes that steer the directive itself rather than feed the template (title does both). */
const DIRECTIVE_ATTRIBUTES = ['template', 'data', 'id'];

/** Parsed data files (or why they could not be read), so a file used by several worksheets is read once. */
export type DataCache = Map<string, Yaml | KindredError>;

/** Reads and parses a data file named by `data="…"`; a missing file is reported at the directive. */
function loadDataFile(dataAttr: string, manuscriptDir: string, at: Place, cache: DataCache): { file: string; yaml: Yaml } {
  const file = resolve(manuscriptDir, dataAttr);
  const resolved = resolveReference(dataAttr, join(manuscriptDir, 'book.yaml'), confinement([manuscriptDir]), manuscriptDir);
  if (resolved.kind === 'remote' || resolved.kind === 'outside' || resolved.kind === 'data') {
    throw new KindredError(`worksheet data ${resolved.kind === 'outside' ? resolved.reason : `${dataAttr} is not a file in the manuscript folder`}`, {
      ...at,
      hint: 'Worksheet data must be a YAML file inside the manuscript folder, named by its path relative to that folder.',
    });
  }
  if (!cache.has(file)) {
    if (!existsSync(file)) {
      cache.set(
        file,
        new KindredError(`worksheet data file not found: ${dataAttr}`, {
          ...at,
          hint: `Looked for ${relative(process.cwd(), file) || file} (data= is relative to the manuscript folder ${relative(process.cwd(), manuscriptDir) || '.'}).`,
        }),
      );
    } else {
      try {
        const yaml = parseYaml(readText(file), file);
        const v = yaml.value;
        if (v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v))) {
          throw new KindredError('worksheet data must be a mapping of fields (name: value)', { file, line: 1, column: 1 });
        }
        cache.set(file, yaml);
      } catch (error) {
        if (!(error instanceof KindredError)) throw error;
        cache.set(file, error);
      }
    }
  }
  const entry = cache.get(file)!;
  if (entry instanceof KindredError) throw entry;
  return { file, yaml: entry };
}

/** Turns a string attribute into the number or boolean a schema field wants, when it is one. */
function coerceAttribute(field: z.ZodType | undefined, value: string): unknown {
  if (!field || field.safeParse(value).success) return value;
  const candidates: unknown[] = [];
  if (value.trim() !== '' && Number.isFinite(Number(value))) candidates.push(Number(value));
  if (value === 'true' || value === 'false') candidates.push(value === 'true');
  return candidates.find((c) => field.safeParse(c).success) ?? value;
}

export interface WorksheetData {
  context: Record<string, unknown>;
  /** The data file, when there is one. */
  dataFile?: string;
}

/** Loads, merges and validates a worksheet's data; throws KindredErrors naming file:line and field. */
export function worksheetData(
  template: string,
  attributes: Record<string, string>,
  options: { manuscriptDir: string; builtin: boolean; at: Place; cache: DataCache },
): WorksheetData {
  const { at } = options;
  const loaded = attributes.data ? loadDataFile(attributes.data, options.manuscriptDir, at, options.cache) : undefined;
  const data = (loaded?.yaml.value ?? {}) as Record<string, unknown>;
  const extra = Object.fromEntries(Object.entries(attributes).filter(([k]) => !DIRECTIVE_ATTRIBUTES.includes(k)));
  const type = options.builtin ? builtinTypes[template] : undefined;
  if (!type) return { context: { ...data, ...extra }, dataFile: loaded?.file };

  const shape = type.schema.shape as Record<string, z.ZodType>;
  const fromAttributes = Object.fromEntries(Object.entries(extra).filter(([k]) => k in shape).map(([k, v]) => [k, coerceAttribute(shape[k], v)]));
  const passThrough = Object.fromEntries(Object.entries(extra).filter(([k]) => !(k in shape)));
  const parsed = type.schema.safeParse({ ...data, ...fromAttributes });
  if (!parsed.success) {
    const attributeIssues = parsed.error.issues.filter((i) => i.path.length > 0 && String(i.path[0]) in fromAttributes);
    const dataIssues = parsed.error.issues.filter((i) => !attributeIssues.includes(i));
    const errors = attributeIssues.map((i) => new KindredError(`attribute "${i.path.join('.')}" of ::worksheet{template="${template}"}: ${i.message}`, { ...at }));
    const help = { schema: type.schema, docs: `docs/worksheets.md#${template} (the fields of a "${template}" worksheet)` };
    if (dataIssues.length && loaded) errors.push(...(schemaErrors(dataIssues, loaded.file, loaded.yaml.locate, help) as KindredErrors).errors);
    else if (dataIssues.length) {
      const fields = dataIssues.map((i) => i.path.join('.') || '(top level)');
      errors.push(
        new KindredError(`worksheet "${template}" needs data: ${[...new Set(fields)].join(', ')} ${fields.length > 1 ? 'are' : 'is'} missing or invalid`, {
          ...at,
          hint: `Add data="worksheets/${template}.yaml" (a YAML file in the manuscript folder) with those fields.`,
        }),
      );
    }
    throw new KindredErrors(errors);
  }
  const value = parsed.data as Record<string, unknown>;
  return { context: { ...value, ...(type.derive?.(value) ?? {}), ...passThrough }, dataFile: loaded?.file };
}
