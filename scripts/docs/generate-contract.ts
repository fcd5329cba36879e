/**
 * `npm run docs`: writes the worksheet contract made from the code — schemas/book.schema.json,
 * schemas/worksheets/<template>.schema.json and docs/worksheets.md. Deterministic: regenerating
 * changes nothing (test/contract.test.ts checks that the checked-in files are current).
 *
 *   tsx scripts/docs/generate-contract.ts [--out DIR]   write into DIR (default: the project)
 *   tsx scripts/docs/generate-contract.ts --check       exit 1 when a checked-in file is stale
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILTIN_TEMPLATES } from '../render-template.ts';
import { declaredTitle } from '../worksheets/prepare-worksheets.ts';
import { writeAtomic } from '../write-atomic.ts';
import { BOOK_SCHEMA_PATH, bookJsonSchema, builtinTemplateNames, worksheetJsonSchema, worksheetSchemaPath } from './json-schemas.ts';
import { worksheetsDoc } from './worksheets-doc.ts';

const ROOT = dirname(BUILTIN_TEMPLATES);
/** The sample book, whose data files are the examples. */
const SAMPLE_DATA = 'manuscript/worksheets';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated file, by its path in the project. */
function contractFiles(root = ROOT): Map<string, string> {
  const files = new Map<string, string>();
  files.set(BOOK_SCHEMA_PATH, json(bookJsonSchema()));
  const docs = builtinTemplateNames().map((template) => {
    const source = join(root, 'templates/worksheets', `${template}.hbs`);
    if (!existsSync(source)) throw new Error(`the built-in worksheet type "${template}" has no template ${source}`);
    const schema = worksheetJsonSchema(template);
    files.set(worksheetSchemaPath(template), json(schema));
    const examplePath = `${SAMPLE_DATA}/${template}.yaml`;
    const example = existsSync(join(root, examplePath)) ? { path: examplePath, text: readFileSync(join(root, examplePath), 'utf8') } : undefined;
    return { template, title: declaredTitle(readFileSync(source, 'utf8')) ?? template, schema, example };
  });
  files.set('docs/worksheets.md', worksheetsDoc(docs));
  return files;
}

function main(): number {
  const { values } = parseArgs({ options: { out: { type: 'string' }, check: { type: 'boolean' } } });
  const files = contractFiles();
  if (values.check) {
    const stale = [...files].filter(([path, text]) => !existsSync(join(ROOT, path)) || readFileSync(join(ROOT, path), 'utf8') !== text).map(([path]) => path);
    for (const path of stale) console.error(`stale: ${path} (run npm run docs)`);
    return stale.length ? 1 : 0;
  }
  const out = values.out ?? ROOT;
  for (const [path, text] of files) writeAtomic(join(out, path), text);
  console.log(`wrote ${files.size} files to ${out === ROOT ? 'the project' : out}`);
  return 0;
}

process.exitCode = main();
