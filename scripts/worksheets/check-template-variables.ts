/**
 * A worksheet template that names a value its data does not have renders it blank, with exit 0.
 * This walks the template's Handlebars syntax tree and finds every path that certainly names
 * nothing: a field missing from the root context (the data and what Kindred passes), from a known
 * object, or from the items of an `#each` over a list of mappings whose keys are known. It is
 * conservative: helpers, `@` variables other than `@root`, partial and inline-partial bodies,
 * contexts set by helpers it does not know and anything tested by `#if`/`#unless` are not judged.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { formatPlace } from '../errors.ts';
import { BUILTIN_TEMPLATES, type TemplateSet } from '../render-template.ts';
import { distance, type WorksheetInstance } from './prepare-worksheets.ts';
import { worksheetContext } from './render-worksheet.ts';

type AST = hbs.AST.Node;
type Path = hbs.AST.PathExpression;

/** What is known of a value: an object's keys, a list's items, or nothing to judge by. */
type Shape = { kind: 'object'; keys: Map<string, Shape> } | { kind: 'list'; item: Shape } | { kind: 'open' };

const OPEN: Shape = { kind: 'open' };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

function merge(a: Shape, b: Shape): Shape {
  if (a.kind === 'object' && b.kind === 'object') {
    const keys = new Map(a.keys);
    for (const [k, v] of b.keys) keys.set(k, keys.has(k) ? merge(keys.get(k)!, v) : v);
    return { kind: 'object', keys };
  }
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', item: merge(a.item, b.item) };
  return OPEN;
}

/** The shape of a value; a list's items are the union of its items' keys (a key any item has is known). */
export function shapeOf(value: unknown, depth = 0): Shape {
  if (depth > 8) return OPEN;
  if (Array.isArray(value)) {
    if (!value.length || !value.every((v) => isPlainObject(v) || Array.isArray(v))) return { kind: 'list', item: OPEN };
    return { kind: 'list', item: value.map((v) => shapeOf(v, depth + 1)).reduce(merge) };
  }
  if (isPlainObject(value)) return { kind: 'object', keys: new Map(Object.entries(value).map(([k, v]) => [k, shapeOf(v, depth + 1)])) };
  return OPEN;
}

interface Frame {
  shape: Shape;
  /** Whether the block surely changed the context (`../` counts only such changes). */
  changed: boolean;
  /** How a message names this level of the data: '' for the root, `questions[]` … */
  label: string;
}

interface Scope {
  frames: Frame[];
  /** Block parameters (`as |item i|`), innermost last. */
  params: Map<string, Frame>[];
  /** Paths tested by an enclosing `#if`/`#unless`: optional by design. */
  guards: Set<string>;
}

export interface MissingVariable {
  line: number;
  column: number;
  /** As written: `{{promtps}}`, or the path inside a larger expression. */
  expression: string;
  /** The level of the data where the name is missing ('' for the root, `questions[]` …). */
  where: string;
  /** The names there are at that level. */
  fields: string[];
  /** The missing name. */
  name: string;
  /** Printed where it stands (`{{name}}`), rather than passed to a helper or block. */
  printed: boolean;
}

const SCOPED = /^\.|this\b/;

/** Every path of a template that names nothing in the given context. */
export function findMissingVariables(source: string, context: Record<string, unknown>, helpers: Set<string>): MissingVariable[] {
  const found: MissingVariable[] = [];
  const root: Frame = { shape: shapeOf(context), changed: true, label: '' };
  const simpleHelper = (path: Path) => !path.data && path.depth === 0 && path.parts.length === 1 && !SCOPED.test(path.original) && helpers.has(path.parts[0]);

  /** Where a path starts: a frame and the parts to look up in it, and a key naming what it refers to; undefined when unknowable. */
  function locate(path: Path, scope: Scope): { frame: Frame; parts: string[]; key: string } | undefined {
    if (path.data) return path.depth === 0 && path.parts[0] === 'root' ? { frame: root, parts: path.parts.slice(1), key: '0' } : undefined;
    if (!SCOPED.test(path.original) && path.depth === 0 && path.parts.length) {
      for (let i = scope.params.length - 1; i >= 0; i--) {
        const param = scope.params[i].get(path.parts[0]);
        if (param) return { frame: param, parts: path.parts.slice(1), key: `p${i}.${path.parts[0]}` };
      }
    }
    const index = scope.frames.length - 1 - path.depth;
    if (index < 0) return undefined;
    for (let i = scope.frames.length - 1; i > index; i--) if (!scope.frames[i].changed) return undefined;
    return { frame: scope.frames[index], parts: path.parts, key: String(index) };
  }

  const guardKeys = (key: string, parts: string[]) => parts.map((_, i) => [key, ...parts.slice(0, i + 1)].join('.'));

  /** The shape a path refers to (for `#each`/`#with`), reporting it when it names nothing. */
  function check(path: Path, scope: Scope, expression: string): Shape {
    const start = locate(path, scope);
    if (!start) return OPEN;
    if (guardKeys(start.key, start.parts).some((k) => scope.guards.has(k))) return OPEN;
    let shape = start.frame.shape;
    for (const [i, part] of start.parts.entries()) {
      if (shape.kind !== 'object') return OPEN;
      const next = shape.keys.get(part);
      if (!next) {
        const where = [start.frame.label, ...start.parts.slice(0, i)].filter(Boolean).join('.');
        found.push({ line: path.loc.start.line, column: path.loc.start.column + 1, expression, where, fields: [...shape.keys.keys()], name: part, printed: expression.startsWith('{{') });
        return OPEN;
      }
      shape = next;
    }
    return shape;
  }

  /** A value used in an expression: a path is checked, a sub-expression's arguments are. */
  function value(node: AST, scope: Scope): Shape {
    if (node.type === 'PathExpression') return check(node as Path, scope, `"${(node as Path).original}"`);
    if (node.type === 'SubExpression') arguments_(node as hbs.AST.SubExpression, scope);
    return OPEN;
  }

  function arguments_(node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scope: Scope): void {
    for (const param of node.params) value(param, scope);
    for (const pair of node.hash?.pairs ?? []) value(pair.value, scope);
  }

  /** The paths inside an `#if` condition, as guard keys (and not judged themselves). */
  function conditionKeys(nodes: AST[], scope: Scope): string[] {
    return nodes.flatMap((node) => {
      if (node.type === 'PathExpression') {
        const start = locate(node as Path, scope);
        return start ? guardKeys(start.key, start.parts) : [];
      }
      if (node.type === 'SubExpression') {
        const sub = node as hbs.AST.SubExpression;
        return conditionKeys([...sub.params, ...(sub.hash?.pairs ?? []).map((p) => p.value)], scope);
      }
      return [];
    });
  }

  const within = (scope: Scope, frame?: Frame, params?: Map<string, Frame>, guards: string[] = []): Scope => ({
    frames: frame ? [...scope.frames, frame] : scope.frames,
    params: params ? [...scope.params, params] : scope.params,
    guards: guards.length ? new Set([...scope.guards, ...guards]) : scope.guards,
  });
  const blockParams = (program: hbs.AST.Program | undefined, frames: Frame[]) =>
    new Map((program?.blockParams ?? []).map((name, i) => [name, frames[i] ?? { shape: OPEN, changed: true, label: name }]));
  /** An unknown context (a helper's, a partial's): nothing under it is judged except `@root`. */
  const unknown: Frame = { shape: OPEN, changed: false, label: '' };

  function program(node: hbs.AST.Program | undefined, scope: Scope): void {
    for (const statement of node?.body ?? []) walk(statement, scope);
  }

  function block(node: hbs.AST.BlockStatement, scope: Scope): void {
    const path = node.path;
    const name = simpleHelper(path) ? path.parts[0] : undefined;
    if (name === 'if' || name === 'unless') {
      const guards = conditionKeys([...node.params, ...(node.hash?.pairs ?? []).map((p) => p.value)], scope);
      program(node.program, within(scope, undefined, undefined, guards));
      program(node.inverse, within(scope, undefined, undefined, guards));
      return;
    }
    if (name === 'each' || name === 'with') {
      const [target, ...rest] = node.params;
      const shape = target ? value(target, scope) : OPEN;
      for (const param of rest) value(param, scope);
      arguments_({ params: [], hash: node.hash }, scope);
      const label = target?.type === 'PathExpression' ? labelOf(target as Path, scope) : '';
      const inner: Frame =
        name === 'each'
          ? { shape: shape.kind === 'list' ? shape.item : OPEN, changed: true, label: `${label}[]` }
          : { shape, changed: true, label };
      program(node.program, within(scope, inner, blockParams(node.program, [inner])));
      program(node.inverse, scope);
      return;
    }
    if (name) {
      // A helper of Kindred's or of Handlebars': its block's context and block parameters are its own.
      arguments_(node, scope);
      program(node.program, within(scope, unknown, blockParams(node.program, [])));
      program(node.inverse, scope);
      return;
    }
    // `{{#field}}…{{/field}}` with no helper of that name: a section over the field's value.
    arguments_(node, scope);
    const shape = check(path, scope, `{{#${path.original}}}`);
    const label = labelOf(path, scope);
    const inner: Frame =
      shape.kind === 'list' ? { shape: shape.item, changed: true, label: `${label}[]` } : shape.kind === 'object' ? { shape, changed: true, label } : unknown;
    program(node.program, within(scope, inner, blockParams(node.program, [inner])));
    program(node.inverse, scope);
  }

  /** How a message names the data a path leads to (`questions`, `prompts.moreOf`). */
  function labelOf(path: Path, scope: Scope): string {
    const start = locate(path, scope);
    return start ? [start.frame.label, ...start.parts].filter(Boolean).join('.') : path.original;
  }

  function walk(node: AST, scope: Scope): void {
    switch (node.type) {
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        const path = mustache.path as Path;
        const call = mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0;
        if (path.type === 'PathExpression' && !call && !simpleHelper(path)) check(path, scope, `{{${path.original}}}`);
        arguments_(mustache, scope);
        return;
      }
      case 'BlockStatement':
        block(node as hbs.AST.BlockStatement, scope);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const partial = node as hbs.AST.PartialBlockStatement;
        if (partial.name.type === 'SubExpression') value(partial.name, scope);
        // A partial may give a missing argument a default (`lines=lines`): only sub-expressions are judged.
        for (const arg of [...partial.params, ...(partial.hash?.pairs ?? []).map((p) => p.value)]) if (arg.type === 'SubExpression') value(arg, scope);
        // The block is the partial's @partial-block, rendered in the partial's context.
        program(partial.program, within(scope, unknown));
        return;
      }
      case 'DecoratorBlock':
        // An inline partial: rendered wherever it is called, with that caller's context and hash.
        program((node as hbs.AST.DecoratorBlock).program, { frames: [root, unknown], params: [], guards: new Set() });
        return;
      default:
    }
  }

  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch {
    return []; // rendering reports syntax errors, with their line
  }
  program(ast, { frames: [root], params: [], guards: new Set() });
  return found;
}

/** Names whose contents are not known when the book is built (a client's prefilled answers). */
const OPEN_KEYS = ['prefill'];

/** The closest name, when one is close enough to be what was meant. */
function closest(name: string, names: string[]): string | undefined {
  const best = names.map((n) => ({ n, d: distance(name.toLowerCase(), n.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d < name.length && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.n : undefined;
}

/** The warnings for one worksheet's template, `warning: file:line:column: …`. */
export function templateVariableWarnings(instance: WorksheetInstance, templates: TemplateSet): string[] {
  const file = templates.resolve(`worksheets/${instance.template}.hbs`);
  if (!file) return [];
  const context = worksheetContext(instance, 'print', templates);
  for (const key of OPEN_KEYS) context[key] = undefined;
  const helpers = new Set(Object.keys(templates.handlebars.helpers));
  const data = instance.dataFile ? relative(process.cwd(), instance.dataFile) : 'the directive names no data file';
  return findMissingVariables(readFileSync(file, 'utf8'), context, helpers).map((m) => {
    // At the root, the fields an author wrote (and directive attributes); deeper, what that level has.
    const fields = m.where ? m.fields : Object.keys(instance.context);
    const suggestion = closest(m.name, m.where ? m.fields : Object.keys(context));
    return (
      `warning: ${formatPlace({ file, line: m.line, column: m.column })}: ${m.expression} is ${m.where ? `not a field of ${m.where}` : 'not in the data'} ` +
      `(${data}); ${m.printed ? 'it renders blank' : 'it is undefined there'}. ` +
      `Fields there: ${fields.join(', ') || '(none)'}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}. ` +
      `Worksheet at ${formatPlace(instance.place)}.`
    );
  });
}

/** Warns, once each, about the variables of users' worksheet templates that their data does not have. */
export function warnMissingVariables(instances: WorksheetInstance[], templates: TemplateSet, warn: (line: string) => void): void {
  const seen = new Set<string>();
  for (const instance of instances) {
    if (templates.resolve(`worksheets/${instance.template}.hbs`) === join(BUILTIN_TEMPLATES, 'worksheets', `${instance.template}.hbs`)) continue;
    for (const line of templateVariableWarnings(instance, templates)) if (!seen.has(line) && seen.add(line)) warn(line);
  }
}
