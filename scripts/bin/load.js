// Loads Kindred's TypeScript entry points (scripts/cli.ts, scripts/api.ts) for the `kindred` bin and for
// `import { build } from 'kindred'`. Kindred has no build step in the repository; the code runs from
// the first of:
//   1. the bundle shipped in the package (`bundle/`, written by `npm pack` through scripts/bin/bundle.js),
//      so an installed copy writes nothing, even when installed globally into a read-only folder;
//   2. a bundle made with esbuild into the checkout's node_modules/.cache/kindred on first run and
//      whenever a source file is newer than the bundle (loading it takes half the time of compiling
//      every module through tsx's loader hooks on each start; with the Markdown libraries inside it,
//      a build that stops at a user error took 0.64-0.70 s, against 0.82 s with them loaded as packages);
//   3. the sources through tsx, when neither is possible (esbuild missing, a read-only folder).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scripts = join(root, 'scripts');
const cacheDir = join(root, 'node_modules', '.cache', 'kindred');
const ENTRIES = ['cli', 'api'];

/** The sources' newest mtime and each one's size by path (the shipped bundle's stamp). */
export function sourceState(dir = scripts, state = { newest: 0, sizes: {} }) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceState(path, state);
    else if (entry.name.endsWith('.ts')) {
      const stat = statSync(path);
      state.newest = Math.max(state.newest, stat.mtimeMs);
      state.sizes[relative(scripts, path).split(sep).join('/')] = stat.size;
    }
  }
  return state;
}

/**
 * The packages bundled with Kindred's own code: the Markdown and HTML tree libraries (hundreds of small ES
 * modules, whose loading was half of a build command's start), YAML and zod. The rest stay packages that
 * Node loads: they find files beside their own code (fonts, wasm, workers, templates) or load lazily.
 */
const BUNDLED = /^(unified|remark-.*|micromark.*|mdast-.*|hast-.*|hastscript|rehype-.*|unist-.*|vfile.*|parse5|property-information|space-separated-tokens|comma-separated-tokens|html-void-elements|html-url-attributes|zwitch|bail|trough|devlop|is-plain-obj|decode-named-character-reference|character-entities.*|character-reference-invalid|ccount|markdown-table|longest-streak|web-namespaces|stringify-entities|entities|trim-lines|escape-string-regexp|is-decimal|is-hexadecimal|is-alphanumerical|is-alphabetical|parse-entities|github-slugger|yaml|zod)$/;

/** The package an import names: `@scope/name` or `name`, without a subpath. */
const packageOf = (path) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');

/** Bundles every entry point into `outdir` (shared chunks; puppeteer, pdf-lib and the writers stay lazy). */
export async function bundleTo(outdir) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: ENTRIES.map((name) => join(scripts, `${name}.ts`)),
    bundle: true,
    splitting: true,
    // A bundled CommonJS package (yaml) requires Node's modules: the chunks get a require of their own.
    banner: { js: "import { createRequire as __kindredCreateRequire } from 'node:module'; const require = __kindredCreateRequire(import.meta.url);" },
    plugins: [
      {
        name: 'kindred-externals',
        setup(build) {
          build.onResolve({ filter: /^[^./#]/ }, (args) => (args.path.startsWith('node:') || !BUNDLED.test(packageOf(args.path)) ? { path: args.path, external: true } : undefined));
        },
      },
    ],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    entryNames: '[name]',
    logLevel: 'silent',
  });
}

/**
 * One bundle folder per state of the sources (named by the newest source's mtime), built in a
 * private folder and renamed into place: CLIs started side by side (the tests do) never see a
 * half-written bundle, and an old one is deleted only an hour after it was built.
 */
async function cachedBundle(newest) {
  const version = `bundle-${Math.floor(newest)}`;
  const outdir = join(cacheDir, version);
  if (existsSync(join(outdir, 'cli.js'))) return outdir;
  const temp = join(cacheDir, `${version}.${process.pid}.tmp`);
  try {
    mkdirSync(cacheDir, { recursive: true });
    await bundleTo(temp);
    try {
      renameSync(temp, outdir);
    } catch {
      rmSync(temp, { recursive: true, force: true }); // another process put the same bundle in place first
    }
    // Older bundles go once no CLI started from them can still be loading their lazy chunks.
    for (const old of readdirSync(cacheDir)) {
      const path = join(cacheDir, old);
      if (/^(cli|bundle)-\d+$/.test(old) && old !== version && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    }
    return existsSync(join(outdir, 'cli.js')) ? outdir : undefined;
  } catch {
    rmSync(temp, { recursive: true, force: true });
    return undefined;
  }
}

/** True when the shipped bundle was made from these sources (same files, same sizes: tarballs keep no useful times). */
function shippedMatches(shipped, state) {
  try {
    const stamp = JSON.parse(readFileSync(join(shipped, 'sources.json'), 'utf8'));
    const paths = Object.keys(state.sizes);
    return paths.length === Object.keys(stamp).length && paths.every((path) => stamp[path] === state.sizes[path]);
  } catch {
    return false;
  }
}

async function bundleFolder() {
  if (process.env.KINDRED_NO_BUNDLE) return undefined;
  const state = sourceState();
  const shipped = join(root, 'bundle');
  if (shippedMatches(shipped, state)) return shipped;
  return cachedBundle(state.newest);
}

/** The module of one entry point (`cli` or `api`). */
export async function loadKindred(name) {
  // The bundle's import.meta.url is not the sources': it finds Kindred's templates and package.json by this.
  globalThis.__KINDRED_ROOT__ = root;
  const folder = await bundleFolder();
  if (folder) return import(pathToFileURL(join(folder, `${name}.js`)).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(scripts, `${name}.ts`)).href);
}
