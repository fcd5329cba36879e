#!/usr/bin/env node
// Starts the TypeScript CLI. Kindred has no build step: scripts/ is bundled with esbuild into
// node_modules/.cache/kindred/cli on first run and whenever a source file is newer than the bundle
// (about 80 ms). Loading the bundle takes half the time of compiling every module through tsx's
// loader hooks on each start. If esbuild is unavailable, tsx runs the sources directly.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scripts = join(root, 'scripts');
const cacheDir = join(root, 'node_modules', '.cache', 'kindred');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * One bundle folder per state of the sources (named by the newest source's mtime), built in a
 * private folder and renamed into place: CLIs started side by side (the tests do) never see a
 * half-written bundle, and an old one is deleted only an hour after it was built.
 */
async function bundled() {
  if (process.env.KINDRED_NO_BUNDLE) return undefined;
  const version = `cli-${Math.floor(newestSource(scripts))}`;
  const outdir = join(cacheDir, version);
  const entry = join(outdir, 'cli.js');
  if (existsSync(entry)) return entry;
  const temp = join(cacheDir, `${version}.${process.pid}.tmp`);
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [join(scripts, 'cli.ts')],
      bundle: true,
      splitting: true, // dynamic imports stay lazy: puppeteer, pdf-lib and the writers load only when used
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: temp,
      entryNames: '[name]',
      logLevel: 'silent',
      define: { __KINDRED_ROOT__: JSON.stringify(root) },
    });
    try {
      renameSync(temp, outdir);
    } catch {
      rmSync(temp, { recursive: true, force: true }); // another process put the same bundle in place first
    }
    // Older bundles go once no CLI started from them can still be loading their lazy chunks.
    for (const old of readdirSync(cacheDir)) {
      const path = join(cacheDir, old);
      if (old.startsWith('cli-') && old !== version && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    }
    return existsSync(entry) ? entry : undefined;
  } catch {
    rmSync(temp, { recursive: true, force: true });
    return undefined;
  }
}

const compiled = await bundled();
let main;
if (compiled) {
  ({ main } = await import(pathToFileURL(compiled).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
