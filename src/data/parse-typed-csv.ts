import type { RowLines } from '../core/table.ts';

/** A column as the byte scanner read it: numbers, or the raw cells of a text column. */
export type TypedCells = Float64Array | string[];

/** Header plus one column per header name, in file order. */
export interface TypedCsv {
  names: string[];
  columns: TypedCells[];
  lines: RowLines;
}

/** Exact powers of ten: every 10^k with k <= 22 is a double without rounding. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const CR = 13;
const LF = 10;

/** Where the last `decimal` call stopped reading. */
let stopped = 0;

/**
 * The value of the decimal literal starting at byte s — `[+-]digits[.digits][e[+-]digits]` —
 * read up to the first byte that cannot continue it (left in `stopped`), or undefined when
 * there is no such literal there. Clinger's fast path: a mantissa below 2^53 scaled by
 * 10^k, |k| <= 22, is one correctly rounded operation on exact operands, so it equals
 * `Number(text)`; longer literals go through `Number` itself. The caller checks that the
 * literal fills the field.
 */
function decimal(b: Buffer, s: number, e: number): number | undefined {
  let i = s;
  const sign = b[i];
  const negative = sign === 45;
  if (negative || sign === 43) i++;
  let m = 0;
  let digits = 0;
  let scale = 0;
  let c = 0;
  for (; i < e && (c = (b[i] ?? 0) - 48) >= 0 && c <= 9; i++, digits++) m = m * 10 + c;
  if (i < e && b[i] === 46) {
    for (i++; i < e && (c = (b[i] ?? 0) - 48) >= 0 && c <= 9; i++, digits++, scale--)
      m = m * 10 + c;
  }
  stopped = i;
  if (digits === 0) return undefined;
  if (i < e && ((b[i] ?? 0) | 0x20) === 101) {
    i++;
    const minus = b[i] === 45;
    if (minus || b[i] === 43) i++;
    let exponent = 0;
    let expDigits = 0;
    for (; i < e && (c = (b[i] ?? 0) - 48) >= 0 && c <= 9; i++, expDigits++)
      exponent = Math.min(exponent * 10 + c, 1e6);
    stopped = i;
    if (expDigits === 0) return undefined;
    scale += minus ? -exponent : exponent;
  }
  if (m > Number.MAX_SAFE_INTEGER || scale < -22 || scale > 22)
    return Number(b.toString('latin1', s, i));
  const magnitude = scale < 0 ? m / (POW10[-scale] ?? 1) : m * (POW10[scale] ?? 1);
  return negative ? -magnitude : magnitude;
}

/**
 * Reads a CSV without double quotes straight from its bytes into typed columns (issue 20):
 * numbers into a Float64Array without a string per cell. A column whose first cell is not a
 * number (per `parseNumber`, the arbiter for every cell the fast literal scan does not
 * take) keeps its raw cells as strings. Returns undefined — the caller then takes the
 * general path — whenever this reading could differ from it: a quote in the file, a ragged
 * row, no data rows, or a number column meeting a cell that is not a number. Line handling
 * (BOM, CRLF, lone CR, blank lines, line numbers) is `splitUnquoted`'s.
 */
export function parseTypedCsv(
  bytes: Buffer,
  delimiter: string,
  parseNumber: (cell: string) => number | undefined,
): TypedCsv | undefined {
  const sep = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || sep > 127 || bytes.includes(0x22)) return undefined;
  const length = bytes.length;
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let breakByte = LF;
  for (let at = pos; at < length; at++) {
    const byte = bytes[at];
    if (byte === LF) break;
    if (byte === CR) {
      if (bytes[at + 1] !== LF) breakByte = CR;
      break;
    }
  }
  let names: string[] | undefined;
  let numbers: (Float64Array | undefined)[] = [];
  let texts: (string[] | undefined)[] = [];
  let last = 0;
  let rows = 0;
  let line = 0;
  let first = 0;
  let lines: number[] | undefined;
  while (pos <= length) {
    line++;
    // A blank line (or a lone CR before the LF) is skipped, as splitUnquoted does.
    const q = breakByte === LF && bytes[pos] === CR ? pos + 1 : pos;
    if (q === length || bytes[q] === breakByte) {
      pos = q + 1;
      continue;
    }
    if (names === undefined) {
      let end = pos;
      while (end < length && bytes[end] !== breakByte) end++;
      const contentEnd = bytes[end - 1] === CR ? end - 1 : end;
      names = bytes.toString('utf8', pos, contentEnd).split(delimiter);
      last = names.length - 1;
      // Rows to allocate for: the bytes left over the first data line's length, plus some
      // (the columns grow by doubling if the lines get shorter).
      let next = end + 1;
      while (next < length && bytes[next] !== breakByte) next++;
      const guess = Math.ceil((length - end) / Math.max(1, next - end)) + 16;
      numbers = names.map(() => new Float64Array(guess));
      texts = names.map(() => undefined);
      pos = end + 1;
      continue;
    }
    if (lines !== undefined) lines.push(line);
    else if (rows === 0) first = line;
    else if (line !== first + rows)
      lines = [...Array.from({ length: rows }, (_, i) => first + i), line];
    let from = pos;
    for (let j = 0; j <= last; j++) {
      let column = numbers[j];
      // One pass for the usual cell: a literal read up to a delimiter or the line's end.
      let value = column ? decimal(bytes, from, length) : undefined;
      let to = stopped;
      const c = bytes[to] ?? -1;
      let end = to;
      const crlf = breakByte === LF && c === CR && (bytes[to + 1] ?? LF) === LF;
      // The line's last field before a CRLF: the CR is not part of it.
      if (value !== undefined && crlf && j === last) to++;
      else if (value === undefined || (to < length && c !== sep && c !== breakByte)) {
        // Anything else: find the field's end, then let parseNumber judge the cell.
        value = undefined;
        to = from;
        while (to < length && bytes[to] !== sep && bytes[to] !== breakByte) to++;
        const atSep = to < length && bytes[to] === sep;
        end = !atSep && to > from && bytes[to - 1] === CR ? to - 1 : to;
      }
      const atBreak = to >= length || bytes[to] !== sep;
      // Too few fields, or too many: the general path reports the line in its words.
      if (atBreak !== (j === last)) return undefined;
      if (column) {
        if (value === undefined)
          value = end === from ? NaN : parseNumber(bytes.toString('utf8', from, end));
        if (value === undefined) {
          if (rows > 0) return undefined;
          numbers[j] = undefined;
          texts[j] = [bytes.toString('utf8', from, end)];
        } else {
          if (rows === column.length) {
            const grown = new Float64Array(rows * 2);
            grown.set(column);
            numbers[j] = column = grown;
          }
          column[rows] = value;
        }
      } else texts[j]?.push(bytes.toString('utf8', from, end));
      from = to + 1;
    }
    pos = from;
    rows++;
  }
  if (names === undefined || rows === 0) return undefined;
  // A copy of the used rows: a view would keep the spare capacity alive with the column.
  const columns = names.map((_, j): TypedCells => {
    const column = numbers[j];
    if (column) return column.length === rows ? column : column.slice(0, rows);
    return texts[j] ?? [];
  });
  return { names, columns, lines: lines ?? { first } };
}
