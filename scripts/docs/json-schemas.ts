/**
 * JSON Schemas of what an author writes (book.yaml, each built-in worksheet's data), made from the
 * zod schemas Kindred validates with, so an editor checks the same fields as you type. They describe
 * the YAML as written (defaults make a field optional), in draft-07, which every YAML editor reads.
 */
import { z } from 'zod';
import { bookSchema } from '../book-schema.ts';
import { builtinTypes } from '../worksheets/worksheet-schemas.ts';

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  additionalProperties?: boolean | JsonSchema;
  [key: string]: unknown;
};

/** Where the schemas live in the project (`# yaml-language-server: $schema=…` comments point here). */
export const BOOK_SCHEMA_PATH = 'schemas/book.schema.json';
export const worksheetSchemaPath = (template: string) => `schemas/worksheets/${template}.schema.json`;

function toJsonSchema(schema: z.ZodType): JsonSchema {
  // Refinements (a trim size parseTrim knows, a language key the pairs use) cannot be JSON Schema:
  // Kindred still checks them; transforms are described by what they accept.
  return z.toJSONSchema(schema, { io: 'input', target: 'draft-07', unrepresentable: 'any' }) as JsonSchema;
}

export function bookJsonSchema(): JsonSchema {
  return toJsonSchema(bookSchema);
}

/** The built-in worksheet types, sorted by name. */
export function builtinTemplateNames(): string[] {
  return Object.keys(builtinTypes).sort();
}

export function worksheetJsonSchema(template: string): JsonSchema {
  const type = builtinTypes[template];
  if (!type) throw new Error(`no built-in worksheet type "${template}"`);
  return toJsonSchema(type.schema);
}
