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

/** A data file read into typed columns (`readTable`). */
export interface Table {
  /** The path as given by the user (shown in messages and metrics.json). */
  path: string;
  /** Hex sha256 of the file's bytes, so a report names exactly which data it came from. */
  sha256: string;
  rows: number;
  columns: Column[];
}

/** Finds a column by name or returns undefined. */
export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((column) => column.name === name);
}
