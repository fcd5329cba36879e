/** Thin wrapper over node:util parseArgs that turns its errors into user errors. */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { KindredError } from './errors.ts';

export function parseArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return nodeParseArgs({ args: argv, options: { ...options, verbose: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new KindredError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), { hint: usage });
  }
}
