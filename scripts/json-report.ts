/**
 * `--json`: what a command wrote, the warnings it gave and how long it took, as one JSON document for
 * tools. Warnings are the lines the stages log (`warning: file:line:column: message`), read back here.
 */
import { isKindredError } from './errors.ts';

export interface JsonOutput {
  path: string;
  kind: string;
  pages?: number;
  bytes: number;
  seconds?: number;
  cached?: boolean;
  fields?: number;
}

export interface JsonWarning {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface JsonError extends JsonWarning {
  hint?: string;
}

/** `warning: ch1.md:3:5: message` → its place and message; a warning without a place keeps only its message. */
export function readWarning(line: string): JsonWarning {
  const text = line.replace(/^warning:\s*/, '');
  const placed = /^(\S+?):(\d+)(?::(\d+))?: ([\s\S]*)$/.exec(text);
  if (placed) return { message: placed[4], file: placed[1], line: Number(placed[2]), ...(placed[3] ? { column: Number(placed[3]) } : {}) };
  const filed = /^(\S+\.[a-z]\w*): ([\s\S]*)$/i.exec(text);
  if (filed) return { message: filed[2], file: filed[1] };
  return { message: text };
}

/** A failure as JSON: a user error with its place and hint, anything else by its message. */
export function readError(error: unknown): JsonError {
  if (isKindredError(error)) {
    const place = { file: error.file, line: error.line, column: error.column };
    return JSON.parse(JSON.stringify({ message: error.message, ...place, hint: error.hint })) as JsonError;
  }
  return { message: String((error as Error)?.message ?? error) };
}

/** Collects the warnings of a run from its log lines, passing every line on. */
export function warningCollector(log: (line: string) => void): { log: (line: string) => void; warnings: JsonWarning[] } {
  const warnings: JsonWarning[] = [];
  return {
    warnings,
    log: (line) => {
      if (line.startsWith('warning:')) warnings.push(readWarning(line));
      log(line);
    },
  };
}

export function jsonReport(report: { ok: boolean; outputs: JsonOutput[]; warnings: JsonWarning[]; errors?: JsonError[]; started: number }): string {
  const { started, ...rest } = report;
  return JSON.stringify({ ...rest, errors: rest.errors ?? [], timing: { seconds: Number(((performance.now() - started) / 1000).toFixed(3)) } }, null, 2);
}
