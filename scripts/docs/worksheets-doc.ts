/**
 * docs/worksheets.md, written from the worksheets' JSON Schemas (themselves made from the zod
 * schemas), the built-in templates' declared titles and the sample book's data files. Pure: the
 * caller reads the files and writes the result.
 */
import { stringify } from 'yaml';
import { type JsonSchema, worksheetSchemaPath } from './json-schemas.ts';

export interface WorksheetDocInput {
  template: string;
  /** The title the template declares (`{{!-- title: … --}}`). */
  title: string;
  schema: JsonSchema;
  /** A sample data file: its path in the project and its text; else an example is made from the schema. */
  example?: { path: string; text: string };
}

/** Markdown table cells: no pipes, no raw HTML, one line. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\s*\n\s*/g, ' ');
const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

/** "text", "integer 1–30", "list of text (at least 1)", "text or { print, epub, handout }" … */
export function typeName(node: JsonSchema): string {
  if (node.anyOf) return node.anyOf.map(typeName).join(', or ');
  if (node.enum) return `one of ${node.enum.map(code).join(', ')}`;
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (types.length > 1) return types.map((t) => typeName({ ...node, type: t })).join(' or ');
  switch (types[0]) {
    case 'string':
      return node.format === 'uri' ? 'URL' : 'text';
    case 'integer':
    case 'number': {
      const name = types[0] === 'integer' ? 'whole number' : 'number';
      const { minimum: min, maximum: max } = node;
      const safe = (n: number | undefined) => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;
      if (safe(min) && safe(max)) return `${name} ${min}–${max}`;
      if (safe(min)) return `${name} ≥ ${min}`;
      if (safe(max)) return `${name} ≤ ${max}`;
      return name;
    }
    case 'boolean':
      return 'true or false';
    case 'array': {
      const { minItems: min, maxItems: max } = node;
      const count = min !== undefined && min === max ? `exactly ${min}` : min && min > 0 ? `at least ${min}` : max !== undefined ? `at most ${max}` : '';
      return `list of ${node.items ? itemName(node.items) : 'anything'}${count ? ` (${count})` : ''}`;
    }
    case 'object':
      return node.properties ? `{ ${Object.keys(node.properties).join(', ')} }` : 'mapping';
    default:
      return 'anything';
  }
}

/** The items of a list: objects are named by their fields (listed in rows of their own). */
const itemName = (items: JsonSchema) => (items.type === 'object' ? 'mappings' : typeName(items));

interface Row {
  name: string;
  type: string;
  need: string;
  meaning: string;
}

/** One row per field, nested fields after their parent as `parent.field` and `list[].field`. */
export function fieldRows(node: JsonSchema, prefix = ''): Row[] {
  const rows: Row[] = [];
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = `${prefix}${key}`;
    const need = required.has(key) ? 'required' : 'default' in child ? `default ${code(child.default)}` : 'optional';
    const examples = child.examples?.length ? ` (e.g. ${child.examples.map(code).join(', ')})` : '';
    rows.push({ name, type: typeName(child), need, meaning: `${child.description ?? ''}${examples}` });
    const object = [child, child.items, ...(child.anyOf ?? [])].find((n) => n?.type === 'object' && n.properties);
    if (object) rows.push(...fieldRows(object, object === child.items ? `${name}[].` : `${name}.`));
  }
  return rows;
}

/** A data file with every required field, from the schema (for a built-in the sample book does not use). */
export function minimalExample(node: JsonSchema): unknown {
  if (node.examples?.length) return node.examples[0];
  if (node.anyOf) return minimalExample(node.anyOf[0]);
  if (node.enum) return node.enum[0];
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === 'object') {
    const required = node.required ?? [];
    return Object.fromEntries(Object.entries(node.properties ?? {}).filter(([k]) => required.includes(k)).map(([k, v]) => [k, minimalExample(v)]));
  }
  if (type === 'array') return Array.from({ length: Math.max(1, node.minItems ?? 1) }, () => minimalExample(node.items ?? {}));
  if (type === 'integer' || type === 'number') return node.minimum ?? 1;
  if (type === 'boolean') return false;
  return node.description ? node.description.split(/[;(]/)[0].trim() : 'Text';
}

function section(input: WorksheetDocInput): string {
  const { template, title, schema } = input;
  const dataPath = `worksheets/${template}.yaml`;
  const rows = fieldRows(schema);
  const example = input.example
    ? { intro: `From the sample book, \`${input.example.path}\`:`, text: input.example.text }
    : { intro: 'A minimal data file (every required field):', text: stringify(minimalExample(schema)) };
  return [
    `## ${template}`,
    '',
    `**${title}** (its title unless the data or the directive gives one). ${schema.description ?? ''}`.trim(),
    '',
    'Place it in a chapter, on a line of its own:',
    '',
    '```markdown',
    `::worksheet{template="${template}" data="${dataPath}"}`,
    '```',
    '',
    `Its data is checked against [\`${worksheetSchemaPath(template)}\`](../${worksheetSchemaPath(template)}).`,
    '',
    '| field | type | required / default | meaning |',
    '|---|---|---|---|',
    ...rows.map((r) => `| \`${r.name}\` | ${cell(r.type)} | ${cell(r.need)} | ${cell(r.meaning)} |`),
    '',
    example.intro,
    '',
    '```yaml',
    example.text.trimEnd(),
    '```',
    '',
  ].join('\n');
}

export function worksheetsDoc(inputs: WorksheetDocInput[]): string {
  return [
    '<!-- Generated by `npm run docs` (scripts/docs/generate-contract.ts) from the zod schemas in',
    '     scripts/worksheets/worksheet-schemas.ts. Do not edit by hand: change the schemas and regenerate. -->',
    '',
    '# Built-in worksheets',
    '',
    'A worksheet is placed in a chapter with a directive on a line of its own, blank lines around it:',
    '',
    '```markdown',
    '::worksheet{template="check-in" data="worksheets/check-in.yaml"}',
    '```',
    '',
    '- `template` (required): the worksheet, one of those below or a template of your own',
    '  (`worksheets/NAME.hbs` in your `--templates` folder; see [templates.md](templates.md)).',
    '- `data`: its YAML data file, relative to the manuscript folder.',
    '- `id`: the name of its handout (`dist/handouts/<id>.pdf`) and the prefix of its form fields;',
    '  defaults to the template name (`check-in`, then `check-in-2` …).',
    '- `title` (or text in brackets, `::worksheet[Our check-in]{…}`): the title, over the data\'s `title`.',
    '- Any other attribute that names a field below sets it, over the data file: `weeks="2"`',
    '  (numbers and `true`/`false` are converted).',
    '',
    'Every field is checked when the book is built: an unknown field, a missing one or a wrong type is',
    'an error naming the YAML file and line. The same rules are published as JSON Schemas in',
    '`schemas/worksheets/`, so an editor with the YAML language server (VS Code\'s YAML extension,',
    'Neovim, JetBrains) checks the data as you type when the file starts with',
    '',
    '```yaml',
    '# yaml-language-server: $schema=../../schemas/worksheets/check-in.schema.json',
    '```',
    '',
    '(the path to the schema, relative to the YAML file; `schemas/book.schema.json` is book.yaml\'s).',
    'A template of your own with the same name as a built-in one replaces it, and its data is then',
    'passed to it unchecked.',
    '',
    ...inputs.map((i) => `- [${i.template}](#${i.template}): ${i.title}`),
    '',
    ...inputs.map(section),
  ].join('\n');
}
