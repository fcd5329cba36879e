/**
 * W3C EPUBCheck (Debian's jar), the validator every EPUB test answers to. Its JVM costs more than the
 * check: about 9 CPU-seconds to start and warm up for one file, so the JIT is kept to its first tier
 * (3.5 CPU-seconds, same verdicts), and a test file with several EPUBs checks them all in one JVM
 * (EpubCheckBatch.java, run from source; that needs a JDK, and without one each file gets its own JVM).
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const JAR = '/usr/share/java/epubcheck.jar';
const BATCH = join(import.meta.dirname, 'EpubCheckBatch.java');
/** C1 only, one GC thread: a short-lived JVM spends most of its CPU on the optimising compiler. */
const JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const run = promisify(execFile);

export interface EpubcheckResult {
  /** The checker's exit code: 0 when it found no error. */
  code: number;
  /** Everything it printed, messages and summary. */
  output: string;
}

/** Checks one EPUB; the output ends with "No errors or warnings detected." when it is clean. */
export function epubcheckSync(file: string): EpubcheckResult {
  const result = spawnSync('java', [...JVM, '-jar', JAR, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, output: result.stdout + result.stderr };
}

/** Checks every EPUB in one JVM, results in the order given. */
export async function epubcheck(files: string[]): Promise<EpubcheckResult[]> {
  if (files.length === 0) return [];
  if (files.length === 1) return [epubcheckSync(files[0])];
  const stdout = await run('java', [...JVM, '-cp', JAR, BATCH, ...files], { maxBuffer: 256 * 1024 * 1024 }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  const reports = [...stdout.matchAll(/^@@kindred-epubcheck-begin (.*)\n([\s\S]*?)^@@kindred-epubcheck-end (-?\d+)$/gm)];
  // No JDK (the source launcher needs one): one JVM per file, so each file still gets the checker's verdict.
  if (reports.length !== files.length) return files.map(epubcheckSync);
  return reports.map((m) => ({ code: Number(m[3]), output: m[2] }));
}
