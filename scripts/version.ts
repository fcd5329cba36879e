/** Kindred's version, as package.json says it (read when asked, so a bundled CLI never shows a stale one). */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by scripts/bin/kindred.js when it runs the bundled CLI, whose import.meta.url is the bundle's. */
declare const __KINDRED_ROOT__: string | undefined;

export function packageVersion(): string {
  const root = typeof __KINDRED_ROOT__ === 'string' ? __KINDRED_ROOT__ : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
