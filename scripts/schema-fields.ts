/** The field names a zod object schema takes at a path of its data, for messages that list them. */
import type { z } from 'zod';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Past optional, default, pipes and the like to the schema that says what the value is. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in && def.out) return unwrap(defOf(def.in).type === 'transform' ? def.out : def.in);
  return schema;
}

/** The object schema at a path (list indices step into the items; a union picks its object option). */
function objectAt(schema: z.ZodType | undefined, path: PropertyKey[]): Def | undefined {
  if (!schema) return undefined;
  const node = unwrap(schema);
  const def = defOf(node);
  if (def.type === 'union') {
    const options = (def.options ?? []).map((o) => objectAt(o, path)).filter((d) => d !== undefined);
    return options[0];
  }
  if (!path.length) return def.type === 'object' ? def : undefined;
  const [step, ...rest] = path;
  if (def.type === 'object') return objectAt(def.shape?.[String(step)], rest);
  if (def.type === 'array' && typeof step === 'number') return objectAt(def.element, rest);
  return undefined;
}

/** `['prompts']` of the check-in schema → howAreWe, moreOf, lessOf, appreciation, request, nextRitual. */
export function fieldsAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  return Object.keys(objectAt(schema, path)?.shape ?? {});
}
