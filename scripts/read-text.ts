/**
 * Reads a text file the author wrote (chapter, YAML, CSV): UTF-8 with or without a byte-order mark,
 * or UTF-16 with one. Anything else that is not valid UTF-8 (Latin-1, Windows-1252 …) is an error
 * naming the file and the line of the first bad byte, never text with replacement characters in it.
 */
import { readFileSync } from 'node:fs';
import { KindredError, formatPlace } from './errors.ts';

const HINT = 'Save the file as UTF-8 (in most editors: "Save with encoding" or "Reopen/Save as … UTF-8").';

/** Decodes a file's bytes; `file` names it in the error. */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), file, 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return utf8(bytes, file, 0);
}

function utf8(bytes: Uint8Array, file: string, skipped: number): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      const line = text.slice(0, nul).split('\n').length;
      throw new KindredError('the file has NUL bytes in it: it looks like UTF-16 saved without a byte-order mark', { file, line, column: 1, hint: HINT });
    }
    return text;
  } catch (error) {
    if (error instanceof KindredError) throw error;
    const at = firstInvalid(bytes);
    const before = bytes.subarray(0, at);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    // Columns in characters: the bytes before the bad one on its line are valid UTF-8.
    const column = new TextDecoder().decode(bytes.subarray(lineStart, at)).length + 1;
    const byte = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    const guess = looksUtf16(bytes) ? 'UTF-16 without a byte-order mark' : 'Latin-1 or Windows-1252';
    throw new KindredError(`the file is not UTF-8 (byte 0x${byte} at byte ${at + skipped}; it looks like ${guess})`, { file, line, column, hint: HINT });
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalid(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
    } catch {
      return i; // overlong or surrogate sequences
    }
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

/** Many NUL bytes in alternate positions: UTF-16 text saved without its byte-order mark. */
function looksUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 400);
  let zeros = 0;
  for (const b of sample) if (b === 0) zeros++;
  return zeros > sample.length / 4;
}

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls; the XML non-characters. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/**
 * Removes control characters (invisible, and invalid in the EPUB's XML), one warning per line that had
 * any, naming file:line:column and the character.
 */
export function stripControlCharacters(text: string, file: string, warn: (line: string) => void): string {
  if (!CONTROL.test(text)) return text;
  CONTROL.lastIndex = 0;
  const lines = text.split('\n');
  const reported = new Set<number>();
  lines.forEach((line, i) => {
    const match = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/.exec(line);
    if (!match || reported.has(i)) return;
    reported.add(i);
    const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    warn(`warning: ${formatPlace({ file, line: i + 1, column: match.index + 1 })}: removed an invisible control character (${code}); it is not allowed in the EPUB`);
  });
  return text.replace(CONTROL, '');
}

const stderrWarn = (line: string) => void process.stderr.write(`${line}\n`);

/** Reads a text file as a string (see decodeText), control characters removed with a warning. */
export function readText(file: string, warn: (line: string) => void = stderrWarn): string {
  return stripControlCharacters(decodeText(readFileSync(file), file), file, warn);
}
