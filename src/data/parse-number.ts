import type { JsonCell } from './parse-jsonl.ts';

/**
 * pandas' default `na_values`, so a file reads with the same missing cells here as in the
 * notebook it came from (pandas.read_csv documentation, "na_values").
 */
export const MISSING = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const INFINITIES = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity],
]);

/** Decimal literal: what `Number()` accepts minus hex/octal/binary and surrounding blanks. */
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Parses one cell as a number: NaN for a missing cell, undefined when it is not a number.
 * The common case — a cell starting with a digit, sign or dot that `Number()` accepts — is
 * decided without the regex (a third of the time on synth_60k's 1.26M cells); only
 * "0x1f"-style JavaScript literals need excluding there. Everything else takes the full path.
 */
export function parseNumber(cell: JsonCell): number | undefined {
  if (cell === null) return NaN;
  if (typeof cell === 'number') return cell;
  const first = cell.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 45 || first === 46 || first === 43) {
    const value = Number(cell);
    if (!Number.isNaN(value)) {
      const second = cell.charCodeAt(1) | 0x20;
      // 0x.., 0o.., 0b..: radix literals only exist unsigned and start with "0".
      if (first === 48 && (second === 0x78 || second === 0x6f || second === 0x62)) return undefined;
      return value;
    }
  }
  const value = Number(cell);
  if (!Number.isNaN(value) && cell !== '') {
    if (DECIMAL.test(cell)) return value;
    if (value === Infinity || value === -Infinity) return value; // "Infinity", "-Infinity"
    return undefined;
  }
  if (MISSING.has(cell)) return NaN;
  return INFINITIES.get(cell.trim().toLowerCase());
}
