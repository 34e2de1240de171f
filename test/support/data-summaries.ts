import {
  DataSummarySchema,
  type DataSummary,
} from '../../src/core/data-diff/data-summary-schema.ts';
import { inferSchema, readLabels } from '../../src/data/schema.ts';
import { splitRows } from '../../src/data/split.ts';
import type { Table } from '../../src/data/table.ts';
import { buildDataSummary } from '../../src/train/data-summary.ts';

/** A small labelled table of rows `from`…`to` (x, a category, a 0/1 label). */
export function smallTable(from: number, to: number, sha: string): Table {
  const rows = Array.from({ length: to - from }, (_, i) => from + i);
  return {
    path: 'data/train.csv',
    sha256: sha.repeat(64).slice(0, 64),
    rows: rows.length,
    columns: [
      { name: 'x', kind: 'numeric', values: Float64Array.from(rows) },
      { name: 'city', kind: 'categorical', values: rows.map((r) => ['oslo', 'rome'][r % 2] ?? '') },
      { name: 'target', kind: 'categorical', values: rows.map((r) => String(r % 3 === 0 ? 1 : 0)) },
    ],
  };
}

/** The data summary a training run writes for `table` (seed 42, test split 0.2). */
export function summaryOf(table: Table): DataSummary {
  const schema = inferSchema(table, { label: 'target' });
  const labelled = readLabels(table, schema);
  const strata = labelled.task === 'classification' ? labelled.values : undefined;
  const split = splitRows(labelled.rows.length, 0.2, 42, strata);
  return DataSummarySchema.parse(buildDataSummary({ table, schema, labelled, test: split.test }));
}

/**
 * A base and a pull request's data summary: the pull request drops rows 0–1 and adds rows
 * 60–63 (so +4, −2), which moves the test rows. `prData` is its metrics.json `data`.
 */
export function dataSummaryPair(): {
  base: DataSummary;
  pr: DataSummary;
  prData: { path: string; sha256: string; rows: number };
} {
  const pr = smallTable(2, 64, 'b');
  return {
    base: summaryOf(smallTable(0, 60, 'a')),
    pr: summaryOf(pr),
    prData: { path: pr.path, sha256: pr.sha256, rows: pr.rows },
  };
}

/** A DVC 3 pointer file for data/train.csv whose md5 is `digit` repeated. */
export function dvcPointer(digit: string, size: number): string {
  return `outs:\n- md5: ${digit.repeat(32)}\n  size: ${size}\n  hash: md5\n  path: train.csv\n`;
}
