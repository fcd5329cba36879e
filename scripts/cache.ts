/**
 * The build cache: entries addressed by a hash of everything that makes them, each stored with its own
 * checksum. A damaged entry (truncated, edited, unreadable) is dropped with a note and made again; a
 * cache folder that cannot be written turns caching off with a note. The cache never fails a build.
 *
 * Where: KINDRED_CACHE_DIR, else `.kindred-cache` in the manuscript folder. Delete the folder to clear it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from './write-atomic.ts';

/** Bump when an entry's layout changes. */
const FORMAT = 'kindred-cache-2';
const HEADER_MAX = 1 << 20;
/** Past this size the least recently used entries go. */
const MAX_BYTES = 512 * 1024 * 1024;

export function defaultCacheDir(manuscriptDir: string): string {
  return process.env.KINDRED_CACHE_DIR ? resolve(process.env.KINDRED_CACHE_DIR) : join(manuscriptDir, '.kindred-cache');
}

export function hash(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(part).update('\0');
  return h.digest('hex').slice(0, 40);
}

const digests = new Map<string, { stamp: string; digest: string }>();

/**
 * The sha-256 of a file's bytes ('' when it cannot be read), remembered within the process while the
 * file's size and change times stay the same (a changed file always gets a new change time).
 */
export function fileDigest(path: string): string {
  let stamp: string;
  try {
    const s = statSync(path, { bigint: true });
    stamp = `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
  } catch {
    return '';
  }
  const known = digests.get(path);
  if (known?.stamp === stamp) return known.digest;
  let digest = '';
  try {
    digest = hash(readFileSync(path));
  } catch {
    /* unreadable: '' */
  }
  digests.set(path, { stamp, digest });
  return digest;
}

/**
 * One digest of every file under a folder (names and bytes), skipping dot-files, dot-folders,
 * node_modules and the folders in `skip` (the output and cache folders when they lie inside).
 */
export function folderDigest(dir: string, skip: string[] = []): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(d, entry.name);
      if (skip.includes(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) h.update(path).update('\0').update(fileDigest(path)).update('\0');
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 40);
}

const templateDigests = new WeakMap<object, string>();

/** One digest of every file of a template set's folders, once per set (a set is made per build). */
export function templatesDigest(templates: { readonly dirs: readonly string[] }): string {
  let digest = templateDigests.get(templates);
  if (!digest) {
    digest = hash(...templates.dirs.map((dir) => folderDigest(dir)));
    templateDigests.set(templates, digest);
  }
  return digest;
}

/** Files an entry was made from, with their digests: the entry counts only while they are unchanged. */
export type Dependencies = Record<string, string>;

export function dependenciesHold(deps: Dependencies | undefined): boolean {
  return Object.entries(deps ?? {}).every(([path, digest]) => fileDigest(path) === digest);
}

export function digestsOf(paths: Iterable<string>): Dependencies {
  const deps: Dependencies = {};
  for (const path of paths) deps[path] = fileDigest(path);
  return deps;
}

/** Set by scripts/bin/kindred.js when it runs the bundled CLI, whose import.meta.url is the bundle's. */
declare const __KINDRED_ROOT__: string | undefined;
let codeVersion: string | undefined;

/** Kindred's version and a digest of its code and locked dependencies: a new Kindred never reads an old entry. */
export function kindredVersion(): string {
  if (codeVersion) return codeVersion;
  const root = typeof __KINDRED_ROOT__ === 'string' ? __KINDRED_ROOT__ : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const pkg = join(root, 'package.json');
  const version = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version : 'unknown';
  codeVersion = hash(FORMAT, version ?? '', folderDigest(join(root, 'scripts')), fileDigest(join(root, 'package-lock.json')), fileDigest(pkg));
  return codeVersion;
}

export interface CacheEntry {
  meta: Record<string, unknown>;
  data: Uint8Array;
}

export interface CacheCounts {
  hits: number;
  misses: number;
}

export interface Cache {
  readonly dir: string;
  /**
   * The entry, or undefined when missing, damaged (then removed with a note) or refused by `valid`
   * (e.g. a file it was made from has changed).
   */
  get(kind: string, key: string, valid?: (entry: CacheEntry) => boolean): CacheEntry | undefined;
  put(kind: string, key: string, data: Uint8Array | string, meta?: Record<string, unknown>): void;
  /** Hits and misses per kind in this build. */
  readonly counts: Record<string, CacheCounts>;
  /** Removes the least recently used entries past the size limit. */
  prune(): void;
}

/** The JSON value of an entry, when it parses and `valid` accepts it. */
export function readJson<T>(cache: Cache, kind: string, key: string, valid: (value: unknown) => value is T): T | undefined {
  const entry = cache.get(kind, key);
  if (!entry) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(entry.data).toString('utf8'));
    return valid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A value kept as JSON: the cache's when it holds one `valid` accepts, else `make()`'s, which is then kept. */
export function cachedJson<T>(cache: Cache | undefined, kind: string, key: string, valid: (value: unknown) => value is T, make: () => T): T {
  const kept = cache && readJson(cache, kind, key, valid);
  if (kept !== undefined) return kept;
  const value = make();
  cache?.put(kind, key, JSON.stringify(value));
  return value;
}

/** An entry made from files (`putWithFiles`), while every one of them is unchanged; those files go to onFile. */
export function getWithFiles(cache: Cache, kind: string, key: string, onFile?: (path: string) => void): Uint8Array | undefined {
  const entry = cache.get(kind, key, (e) => dependenciesHold(e.meta.deps as Dependencies));
  if (!entry) return undefined;
  for (const path of Object.keys(entry.meta.deps as Dependencies)) onFile?.(path);
  return entry.data;
}

/** Keeps data made from these files, valid while their bytes stay the same. */
export function putWithFiles(cache: Cache, kind: string, key: string, data: Uint8Array, files: Iterable<string>, meta: Record<string, unknown> = {}): void {
  cache.put(kind, key, data, { ...meta, deps: digestsOf(files) });
}

function encode(data: Uint8Array, meta: Record<string, unknown>): Uint8Array {
  const header = Buffer.from(JSON.stringify({ format: FORMAT, bytes: data.byteLength, sha256: hash(data), meta }) + '\n');
  return Buffer.concat([header, data]);
}

function decode(bytes: Buffer): CacheEntry {
  const end = bytes.indexOf(10);
  if (end < 0 || end > HEADER_MAX) throw new Error('no header');
  const header = JSON.parse(bytes.subarray(0, end).toString('utf8')) as { format: string; bytes: number; sha256: string; meta: Record<string, unknown> };
  const data = bytes.subarray(end + 1);
  if (header.format !== FORMAT) throw new Error('another format');
  if (data.byteLength !== header.bytes) throw new Error(`${data.byteLength} of ${header.bytes} bytes`);
  if (hash(data) !== header.sha256) throw new Error('checksum mismatch');
  return { meta: header.meta ?? {}, data };
}

/** Opens (creating) the cache folder; undefined with a note when it cannot be used. */
export function openCache(dir: string, log: (line: string) => void): Cache | undefined {
  let off = false;
  const disable = (why: unknown) => {
    if (off) return;
    off = true;
    log(`note: the build cache in ${dir} cannot be used (${(why as Error).message ?? why}); building without it`);
  };
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    disable(error);
    return undefined;
  }
  const counts: Record<string, CacheCounts> = {};
  const count = (kind: string, hit: boolean) => {
    counts[kind] ??= { hits: 0, misses: 0 };
    counts[kind][hit ? 'hits' : 'misses']++;
  };
  const pathOf = (kind: string, key: string) => join(dir, kind, `${key}.bin`);
  return {
    dir,
    counts,
    get(kind, key, valid) {
      const path = pathOf(kind, key);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        count(kind, false);
        return undefined;
      }
      try {
        const entry = decode(bytes);
        if (valid && !valid(entry)) {
          count(kind, false);
          return undefined;
        }
        const now = new Date();
        try {
          utimesSync(path, now, now); // recently used: kept by prune()
        } catch {
          /* a read-only cache still serves */
        }
        count(kind, true);
        return entry;
      } catch (error) {
        log(`note: dropped a damaged cache entry (${kind}/${key}.bin: ${(error as Error).message}); making it again`);
        rmSync(path, { force: true });
        count(kind, false);
        return undefined;
      }
    },
    put(kind, key, data, meta = {}) {
      if (off) return;
      try {
        writeAtomic(pathOf(kind, key), encode(typeof data === 'string' ? Buffer.from(data) : data, meta));
      } catch (error) {
        disable(error);
      }
    },
    prune() {
      if (off) return;
      try {
        const files: { path: string; size: number; used: number }[] = [];
        for (const kind of readdirSync(dir)) {
          const sub = join(dir, kind);
          if (!statSync(sub).isDirectory()) continue;
          for (const name of readdirSync(sub)) {
            const s = statSync(join(sub, name));
            files.push({ path: join(sub, name), size: s.size, used: s.mtimeMs });
          }
        }
        let total = files.reduce((n, f) => n + f.size, 0);
        for (const f of files.sort((a, b) => a.used - b.used)) {
          if (total <= MAX_BYTES) break;
          rmSync(f.path, { force: true });
          total -= f.size;
        }
      } catch {
        /* pruning is best effort */
      }
    },
  };
}
