#!/usr/bin/env node
// `npm pack` (prepack): bundles the CLI and the API into bundle/ so an installed copy never compiles
// TypeScript; `--clean` (postpack) removes it again, so a checkout always runs its current sources.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleTo, sourceState } from './load.js';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'bundle');
rmSync(out, { recursive: true, force: true });
if (!process.argv.includes('--clean')) {
  const temp = `${out}.${process.pid}.tmp`;
  await bundleTo(temp);
  writeFileSync(join(temp, 'sources.json'), JSON.stringify(sourceState().sizes));
  renameSync(temp, out);
}
