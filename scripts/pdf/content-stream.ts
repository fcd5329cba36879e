/**
 * A PDF content stream as a list of operations (ISO 32000-1 §7.8.2): each operator with its operands and
 * the byte range they span, so colour operators can be read (preflight) or rewritten in place (PDF/X).
 * Strings and inline-image data are skipped as opaque bytes, so nothing inside them is taken for an operator.
 */

/** A literal string is its bytes as written, escapes included; a hexadecimal one is `{ hex }` (its digits). */
export type Operand = number | string | Operand[] | { name: string } | { hex: string } | { dict: true };

export interface Operation {
  operator: string;
  operands: Operand[];
  /** Offset of the first operand (or of the operator when it has none). */
  start: number;
  /** Offset just past the operator. */
  end: number;
}

// Byte classes (ISO 32000-1 §7.2.2): 1 white-space, 2 delimiter, 0 regular. A table, not sets: the parser
// reads every byte of every page, and a Set lookup per byte made it the slowest part of preflight.
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = 2;
const isWhite = (c: number | undefined) => c !== undefined && CLASS[c] === 1;

/**
 * The operators of ISO 32000-1 (Annex A) by their bytes, so that reading one makes no new string: a page
 * Chromium prints shows each glyph with its own `Td` and `Tj`, tens of thousands of operators a chapter.
 */
const OPERATORS = new Map<number, string>();
for (const op of 'b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y \' "'.split(' ')) {
  OPERATORS.set(wordKey(Buffer.from(op, 'latin1'), 0, op.length), op);
}

/** A number for a word of up to three bytes (0 for longer ones). */
function wordKey(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n < 1 || n > 3) return 0;
  return n === 1 ? b[from] : n === 2 ? (b[from] << 8) | b[from + 1] | 0x10000 : (b[from] << 16) | (b[from + 1] << 8) | b[from + 2] | 0x1000000;
}
const isRegular = (c: number | undefined) => c !== undefined && CLASS[c] === 0;

/** The end offset of the literal string starting at `at` (its opening parenthesis). */
function skipLiteral(b: Uint8Array, at: number): number {
  let depth = 0;
  for (let i = at; i < b.length; i++) {
    const c = b[i];
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return b.length;
}

/** Past the data of an inline image: after `ID` and a whitespace byte, up to an `EI` between whitespace. */
function skipInlineImage(b: Uint8Array, at: number): number {
  for (let i = at + 1; i < b.length - 1; i++) {
    if (b[i] === 0x45 && b[i + 1] === 0x49 && isWhite(b[i - 1]) && (i + 2 >= b.length || !isRegular(b[i + 2]))) return i + 2;
  }
  return b.length;
}

/** A PDF number (an optional sign, digits with at most one point), or undefined for any other word. */
function numberAt(b: Uint8Array, from: number, to: number): number | undefined {
  let i = from;
  const negative = b[i] === 0x2d;
  if (negative || b[i] === 0x2b) i++;
  let digits = 0;
  let value = 0;
  let scale = 0;
  for (; i < to; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      value = value * 10 + (c - 0x30);
      if (scale) scale *= 10;
    } else if (c === 0x2e && !scale) scale = 1;
    else return undefined;
  }
  if (!digits) return undefined;
  // Short decimals (all a content stream holds) are exact this way; long ones go through the string.
  if (digits > 15) return Number(Buffer.from(b.subarray(from, to)).toString('latin1'));
  const n = scale > 1 ? value / scale : value;
  return negative ? -n : n;
}

/** Parses a content stream into operations. Malformed input ends the list; it never throws. */
export function parseContentStream(b: Uint8Array): Operation[] {
  const ops: Operation[] = [];
  eachOperation(b, (op) => {
    ops.push(op);
    return true;
  });
  return ops;
}

/**
 * Calls `visit` with each operation of a content stream in order, as it is read. Preflight reads every
 * page of a book this way: operations held in a list for a whole page outlived the young generation, and
 * moving them was a quarter of preflight's time. A visitor that returns false stops the reading.
 */
export function eachOperation(b: Uint8Array, visit: (op: Operation) => boolean | undefined): void {
  // One view for all the strings read: bytes to text one character per byte, natively, without copies.
  const view = Buffer.from(b.buffer, b.byteOffset, b.length);
  const latin1 = (from: number, to: number) => view.toString('latin1', from, Math.max(from, to));
  const stack: Operand[][] = [[]];
  let start = -1;
  let i = 0;
  const push = (value: Operand, at: number) => {
    if (stack.length === 1 && start < 0) start = at;
    stack[stack.length - 1].push(value);
  };
  while (i < b.length) {
    const c = b[i];
    if (CLASS[c] === 1) {
      i++;
    } else if (c === 0x25) {
      while (i < b.length && b[i] !== 0x0a && b[i] !== 0x0d) i++;
    } else if (c === 0x28) {
      const end = skipLiteral(b, i);
      push(latin1(i + 1, end - 1), i);
      i = end;
    } else if (c === 0x3c && b[i + 1] === 0x3c) {
      // A dictionary operand (marked content properties, inline image parameters): kept as a marker.
      let depth = 0;
      const at = i;
      while (i < b.length) {
        if (b[i] === 0x3c && b[i + 1] === 0x3c) {
          depth++;
          i += 2;
        } else if (b[i] === 0x3e && b[i + 1] === 0x3e) {
          i += 2;
          if (--depth === 0) break;
        } else if (b[i] === 0x28) i = skipLiteral(b, i);
        else i++;
      }
      push({ dict: true }, at);
    } else if (c === 0x3c) {
      let end = i + 1;
      let spaced = false;
      while (end < b.length && b[end] !== 0x3e) spaced ||= CLASS[b[end++]] === 1;
      const hex = latin1(i + 1, end);
      push({ hex: spaced ? hex.replace(/\s+/g, '') : hex }, i);
      i = Math.min(end + 1, b.length);
    } else if (c === 0x5b) {
      if (stack.length === 1 && start < 0) start = i;
      stack.push([]);
      i++;
    } else if (c === 0x5d) {
      const array = stack.length > 1 ? stack.pop()! : [];
      stack[stack.length - 1].push(array);
      i++;
    } else if (c === 0x2f) {
      let j = i + 1;
      while (isRegular(b[j])) j++;
      push({ name: latin1(i + 1, j) }, i);
      i = j;
    } else if (CLASS[c] === 2) {
      i++;
    } else {
      let j = i;
      while (isRegular(b[j])) j++;
      const n = numberAt(b, i, j);
      const word = n === undefined ? (OPERATORS.get(wordKey(b, i, j)) ?? latin1(i, j)) : '';
      if (n !== undefined) push(n, i);
      else if (word === 'true' || word === 'false' || word === 'null') push(word, i);
      else {
        if (visit({ operator: word, operands: stack.length === 1 ? stack[0] : [], start: start < 0 ? i : start, end: j }) === false) return;
        stack.length = 1;
        stack[0] = [];
        start = -1;
        if (word === 'ID') {
          j = skipInlineImage(b, j);
          if (visit({ operator: 'EI', operands: [], start: j - 2, end: j }) === false) return;
        }
      }
      i = j;
    }
  }
}

/** A name operand's text, or undefined. */
export const nameOf = (operand: Operand | undefined): string | undefined => (operand && typeof operand === 'object' && 'name' in operand ? operand.name : undefined);

/** The operands as numbers when all of them are numbers. */
export function numbers(operands: Operand[]): number[] | undefined {
  return operands.every((o) => typeof o === 'number') ? (operands as number[]) : undefined;
}
