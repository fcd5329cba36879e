/**
 * Temporary folders: every one Kindred makes lives under one folder per process (`kindred-<pid>-…` in
 * the system temp folder), so that a normal end, an error and an interrupt (SIGINT/SIGTERM) all remove
 * everything with one synchronous call. The browser's profile and its own temp files live there too.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KindredError } from './errors.ts';

let root: string | undefined;
let exitHook = false;

/** The system temp folder, checked: missing or not writable is a user error, found before any work. */
export function checkTempFolder(): string {
  const dir = tmpdir();
  const fix = 'Create it, or set TMPDIR to a folder you can write to.';
  if (!existsSync(dir)) throw new KindredError(`the temporary folder ${dir} does not exist.`, { hint: fix });
  if (!statSync(dir).isDirectory()) throw new KindredError(`the temporary folder ${dir} is not a folder.`, { hint: fix });
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new KindredError(`the temporary folder ${dir} is not writable.`, { hint: fix });
  }
  return dir;
}

/** A new empty folder under this process's temp root; removed by removeTempFolders() at the latest. */
export function tempFolder(prefix: string): string {
  if (!root || !existsSync(root)) {
    checkTempFolder();
    root = mkdtempSync(join(tmpdir(), `kindred-${process.pid}-`));
    if (!exitHook) {
      exitHook = true;
      process.once('exit', removeTempFolders);
    }
  }
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

/** Removes one folder made by tempFolder (safe to call twice). */
export function removeTempFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
}

/** Removes every temp folder of this process; synchronous, so a signal handler can call it before exiting. */
export function removeTempFolders(): void {
  if (!root) return;
  rmSync(root, { recursive: true, force: true, maxRetries: 2 });
  root = undefined;
}
