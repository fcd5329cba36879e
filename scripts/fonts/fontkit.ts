/**
 * fontkit, loaded on first use. Its one-megabyte UMD file took 0.2 s to load as an ES import at every
 * start (parsed for its exports, then run), also by builds that the cache answers without opening a font.
 */
import { createRequire } from 'node:module';
import type fontkitModule from '@pdf-lib/fontkit';

const load = createRequire(import.meta.url);
let loaded: typeof fontkitModule | undefined;

export function fontkit(): typeof fontkitModule {
  loaded ??= load('@pdf-lib/fontkit') as typeof fontkitModule;
  return loaded;
}
