/**
 * The in-memory form of a dataset: one typed array per column, because every consumer
 * (preprocessing, profiles, drift tests) works column by column and a Float64Array of a
 * million values is 8 MB where an array of boxed numbers is several times that.
 */

/** A column whose every present value is a number; missing values are NaN, "inf" is ±Infinity. */
export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: Float64Array;
}

/** Any other column; `null` marks a missing value. */
export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  values: (string | null)[];
}

/** One column of a table, typed by what its values parse as. */
export type Column = NumericColumn | CategoricalColumn;

/**
 * The 1-based file line of each row, so a message about a cell can name it: `{ first }` when
 * row i is on line first + i (the usual case, kept without a per-row array), else each row's
 * line (blank lines, which are skipped, or quoted fields spanning lines break the pattern).
 */
export type RowLines = { readonly first: number } | readonly number[];

/** The file line of row `row`, when the table came from a file. */
export function lineOfRow(table: Pick<Table, 'lines'>, row: number): number | undefined {
  const { lines } = table;
  if (lines === undefined) return undefined;
  return 'first' in lines ? lines.first + row : lines[row];
}

/** A data file read into typed columns (`readTable`). */
export interface Table {
  /** The path as given by the user (shown in messages and metrics.json). */
  path: string;
  /** Hex sha256 of the file's bytes, so a report names exactly which data it came from. */
  sha256: string;
  rows: number;
  columns: Column[];
  /** Where the rows are in the file; absent for a table built in memory. */
  lines?: RowLines;
}

/** Finds a column by name or returns undefined. */
export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((column) => column.name === name);
}
