/**
 * Runs the `kindred` CLI as a user would: in a child process where the process itself is under test
 * (exit codes of the binary, signals, environment), else in this process with a shared browser.
 * Every temp folder a test makes here is removed after its file (test/support/cleanup.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBrowser, type BrowserHandle } from '../../scripts/browser.ts';
import { main } from '../../scripts/cli.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'scripts', 'bin', 'kindred.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kindred(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 240_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Holds the WebSocket address of the browser test/global-setup.ts starts for the whole run. */
export const ENDPOINT_VARIABLE = 'KINDRED_TEST_BROWSER_ENDPOINT';

let shared: BrowserHandle | undefined;

/**
 * One browser handle for every in-process run of a test file, disconnected after the file: connected to
 * the run's shared browser when there is one, else its own (a test file run outside the suite's setup).
 */
export function sharedBrowser(): BrowserHandle {
  shared ??= createBrowser({ warn: () => {}, endpoint: process.env[ENDPOINT_VARIABLE] || undefined });
  return shared;
}

export async function closeSharedBrowser(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * The CLI in this process, from `cwd` (default the repository), sharing one browser. Runs one at a time
 * (they change the working folder); returns what the child process would have.
 */
export function kindredIn(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  const run = queue.then(async () => {
    const out: string[] = [];
    const err: string[] = [];
    const before = process.cwd();
    process.chdir(options.cwd ?? ROOT);
    try {
      const code = await main(args, { out: (l) => out.push(l), log: (l) => err.push(l), browser: sharedBrowser() });
      return { code, stdout: out.map((l) => l + '\n').join(''), stderr: err.map((l) => l + '\n').join('') };
    } finally {
      process.chdir(before);
    }
  });
  queue = run.catch(() => {});
  return run;
}

const made = new Set<string>();

export function tempDir(prefix = 'kindred-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
