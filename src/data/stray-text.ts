import { InputError } from '../core/errors.ts';
import { parseNumber } from './read-table.ts';
import { lineOfRow, type CategoricalColumn, type Column, type Table } from '../core/table.ts';

/**
 * A column of numbers with one typo ("12o", "n.a.") reads as text, because a column is numeric
 * only when every present cell is a number. Training then one-hot encodes hundreds of
 * "categories" (or turns a regression label into a classifier with a class per value) and a
 * profile compares categories, all without a word. Such a column is refused instead, naming
 * the cell to fix. A column that is mostly text, or numbers with few distinct values (codes
 * such as "01", "02", "other"), stays categorical: those are the categories users mean.
 */

/** Share of present cells that must be numbers for a text column to count as a typo'd one. */
const NUMERIC_SHARE = 0.99;
/** More distinct numbers than this rules out codes; the same bound as integer class labels. */
const MIN_DISTINCT_NUMBERS = 20;

/** A cell of a text column that is not a number: its row and what it holds. */
export interface TextCell {
  row: number;
  value: string;
}

/** Where a row is in its file, for a sentence: "line 102", or "row 101" without a file. */
export function describeRow(table: Table, row: number): string {
  const line = lineOfRow(table, row);
  return line === undefined ? `row ${row + 1}` : `line ${line}`;
}

/** The first present cell that does not parse as a number. */
export function firstTextCell(column: CategoricalColumn): TextCell | undefined {
  const row = column.values.findIndex(
    (value) => value !== null && parseNumber(value) === undefined,
  );
  const value = column.values[row];
  return row === -1 || value === undefined || value === null ? undefined : { row, value };
}

/**
 * The first text cell of a column that is otherwise numbers (at least NUMERIC_SHARE of its
 * present cells, more than MIN_DISTINCT_NUMBERS distinct values); undefined for any other
 * column, numeric ones included.
 */
export function findStrayText(column: Column): TextCell | undefined {
  if (column.kind !== 'categorical') return undefined;
  const allowed = Math.floor(column.values.length * (1 - NUMERIC_SHARE));
  const distinct = new Set<number>();
  let present = 0;
  let text = 0;
  let first: TextCell | undefined;
  for (let row = 0; row < column.values.length; row++) {
    const value = column.values[row];
    if (value === null || value === undefined) continue;
    present++;
    const number = parseNumber(value);
    if (number === undefined) {
      // More text than a few typos: a text column, decided without reading the rest.
      if (++text > allowed) return undefined;
      first ??= { row, value };
    } else if (distinct.size <= MIN_DISTINCT_NUMBERS) {
      distinct.add(number);
    }
  }
  if (first === undefined || text > present * (1 - NUMERIC_SHARE)) return undefined;
  return distinct.size > MIN_DISTINCT_NUMBERS ? first : undefined;
}

/** A column that is numbers but for a few text cells, and the first of those cells. */
interface StrayText {
  name: string;
  cell: TextCell;
}

function findStrayTextColumns(table: Table, names: readonly string[]): StrayText[] {
  return names.flatMap((name) => {
    const column = table.columns.find((c) => c.name === name);
    const cell = column === undefined ? undefined : findStrayText(column);
    return cell === undefined ? [] : [{ name, cell }];
  });
}

function describeStrayText(table: Table, { name, cell }: StrayText): string {
  return `${table.path}: column "${name}" holds numbers but ${describeRow(table, cell.row)} has ${JSON.stringify(cell.value)}`;
}

/**
 * Refuses a column of `names` that is numbers but for a few text cells (see `findStrayText`),
 * naming the column, the line and the value. `declare` says how to keep the column as
 * categories when that is meant (`list it under data.categorical`, `pass --categorical x`).
 */
export function assertNoStrayText(
  table: Table,
  names: readonly string[],
  declare: (name: string) => string,
): void {
  const [first] = findStrayTextColumns(table, names);
  if (first === undefined) return;
  throw new InputError(
    `${describeStrayText(table, first)}; expected a number there (or an empty cell for a missing value), or ${declare(first.name)} if the column is meant as categories.`,
  );
}

/**
 * The same finding as `assertNoStrayText`, one warning per column, for data that is watched
 * rather than trained on: a production shard with a typo must still be profiled (monitoring
 * reports data problems; `drift` shows the column's type mismatch), while training on it
 * would silently learn categories. The column stays as it reads, categories.
 */
export function strayTextWarnings(
  table: Table,
  names: readonly string[],
  declare: (name: string) => string,
): string[] {
  return findStrayTextColumns(table, names).map(
    (stray) =>
      `${describeStrayText(table, stray)}, so the column is profiled as categories and a drift check against its numbers reports a type mismatch; fix the cell (or leave it empty for a missing value), or ${declare(stray.name)} if the column is meant as categories.`,
  );
}
