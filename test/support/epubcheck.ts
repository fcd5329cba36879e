/**
 * W3C EPUBCheck (Debian's jar), the validator every EPUB test answers to. Its JVM costs more than the
 * check: about 6 CPU-seconds to start and warm up, so the JIT is kept to its first tier (same
 * verdicts) and the suite starts one checker for the whole run (test/global-setup.ts), which every
 * test file asks over a Unix socket. Outside the suite, a test file's EPUBs are checked in one JVM
 * (EpubCheckBatch.java, run from source; that needs a JDK, and without one each file gets its own JVM).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const JAR = '/usr/share/java/epubcheck.jar';
const BATCH = join(import.meta.dirname, 'EpubCheckBatch.java');
/** C1 only, one GC thread: a short-lived JVM spends most of its CPU on the optimising compiler. */
const JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const run = promisify(execFile);
/** Holds the socket of the suite's checker (test/global-setup.ts). */
export const EPUBCHECK_SOCKET_VARIABLE = 'KINDRED_TEST_EPUBCHECK_SOCKET';
const END = /\n@@kindred-epubcheck-end (-?\d+)\n$/;

export interface EpubcheckResult {
  /** The checker's exit code: 0 when it found no error. */
  code: number;
  /** Everything it printed, messages and summary. */
  output: string;
}

/** One JVM for one file. */
function epubcheckAlone(file: string): EpubcheckResult {
  const result = spawnSync('java', [...JVM, '-jar', JAR, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, output: result.stdout + result.stderr };
}

/** Asks the suite's checker about one file. */
function ask(socket: string, file: string): Promise<EpubcheckResult> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    const client = createConnection(socket, () => client.end(`${file}\n`));
    client.on('data', (chunk) => chunks.push(chunk));
    client.on('error', fail);
    client.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = END.exec(text);
      if (!end) fail(new Error(`the suite's epubcheck gave no verdict on ${file}:\n${text}`));
      else done({ code: Number(end[1]), output: text.slice(0, end.index) });
    });
  });
}

/** Checks every EPUB, results in the order given; an output ends with "No errors or warnings detected." when the file is clean. */
export async function epubcheck(files: string[]): Promise<EpubcheckResult[]> {
  if (files.length === 0) return [];
  const socket = process.env[EPUBCHECK_SOCKET_VARIABLE];
  if (socket && existsSync(socket)) {
    const results: EpubcheckResult[] = [];
    for (const file of files) results.push(await ask(socket, file));
    return results;
  }
  if (files.length === 1) return [epubcheckAlone(files[0])];
  const stdout = await run('java', [...JVM, '-cp', JAR, BATCH, ...files], { maxBuffer: 256 * 1024 * 1024 }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  const reports = [...stdout.matchAll(/^@@kindred-epubcheck-begin (.*)\n([\s\S]*?)^@@kindred-epubcheck-end (-?\d+)$/gm)];
  // No JDK (the source launcher needs one): one JVM per file, so each file still gets the checker's verdict.
  if (reports.length !== files.length) return files.map(epubcheckAlone);
  return reports.map((m) => ({ code: Number(m[3]), output: m[2] }));
}

/** Checks one EPUB. */
export async function epubcheckFile(file: string): Promise<EpubcheckResult> {
  return (await epubcheck([file]))[0];
}

/**
 * The suite's checker: one JVM answering on a Unix socket in `dir` until stop(); undefined without a
 * JDK (then each test file starts its own).
 */
export async function startEpubcheckServer(dir: string): Promise<{ socket: string; stop: () => void } | undefined> {
  const socket = join(dir, 'epubcheck.sock');
  const child = spawn('java', [...JVM, '-cp', JAR, BATCH, '--serve', socket], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<boolean>((done) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('@@kindred-epubcheck-ready')) done(true);
    });
    child.on('error', () => done(false));
    child.on('exit', () => done(false));
  });
  if (!ready) {
    child.kill();
    return undefined;
  }
  child.stdout.resume();
  child.stderr.resume();
  return { socket, stop: () => child.kill() };
}
