import { InputError } from '../core/errors.ts';
import { jsonErrorReason } from '../core/json-text.ts';
import type { RowLines } from '../core/table.ts';

/** A JSON field value as it reaches column typing: numbers stay numbers. */
export type JsonCell = string | number | null;

/** Column names in order of first appearance, and one array of cells per column. */
export interface RawJsonl {
  names: string[];
  columns: JsonCell[][];
  /** The line of each record (blank lines are skipped). */
  lines: RowLines;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Parses JSON Lines: one object per non-blank line. A key missing from a line is a missing
 * value, so records may be sparse; nested objects and arrays are rejected because a
 * feature must be a scalar.
 */
export function parseJsonl(path: string, text: string): RawJsonl {
  const names: string[] = [];
  const columns: JsonCell[][] = [];
  const index = new Map<string, number>();
  let rows = 0;
  const rowLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new InputError(
        `${path}: line ${i + 1} is not valid JSON (${jsonErrorReason(error)}); expected one JSON object per line.`,
      );
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new InputError(
        `${path}: line ${i + 1} is ${describe(record)}; expected one JSON object per line.`,
      );
    }
    for (const [key, value] of Object.entries(record)) {
      let cell: JsonCell;
      if (value === null || typeof value === 'string' || typeof value === 'number') cell = value;
      else if (typeof value === 'boolean') cell = String(value);
      else {
        throw new InputError(
          `${path}: line ${i + 1}, field "${key}" is ${describe(value)}; expected a string, number, boolean or null.`,
        );
      }
      let j = index.get(key);
      if (j === undefined) {
        j = names.length;
        index.set(key, j);
        names.push(key);
        columns.push(new Array<JsonCell>(rows).fill(null));
      }
      const column = columns[j] ?? [];
      // Fill keys this record skipped before appending, so every column stays row-aligned.
      while (column.length < rows) column.push(null);
      column.push(cell);
    }
    rows++;
    rowLines.push(i + 1);
    for (const column of columns) while (column.length < rows) column.push(null);
  }
  if (rows === 0) throw new InputError(`${path} is empty; expected one JSON object per line.`);
  return { names, columns, lines: rowLines };
}
