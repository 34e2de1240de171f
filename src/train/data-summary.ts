import { createHash } from 'node:crypto';
import { DATA_SUMMARY_SCHEMA } from '../core/constants.ts';
import {
  MAX_COLUMNS,
  MAX_LABEL_CLASSES,
  type DataSummary,
} from '../core/data-diff/data-summary-schema.ts';
import { keepSmallestHashes } from '../core/data-diff/row-hashes.ts';
import { buildProfile } from '../core/drift/profile.ts';
import type { DatasetSchema, LabelledRows } from '../data/schema.ts';
import type { Table } from '../data/table.ts';
import { rowIds } from './predictions-file.ts';

/**
 * Exact values kept per numerical column in the summary's profile: enough for the drift tests
 * between base and PR data to see a shift, small enough that a wide table's summary stays a
 * few MB (the full profile.json beside it keeps 100,000).
 */
export const SUMMARY_SAMPLE_CAP = 5_000;

/** Input of `buildDataSummary`: the table and which of its rows were labelled and held out. */
export interface DataSummaryInput {
  readonly table: Table;
  readonly schema: DatasetSchema;
  readonly labelled: LabelledRows;
  /** Positions in `labelled.rows` of the test rows. */
  readonly test: readonly number[] | Int32Array;
}

/** Class counts, most frequent first, then by name; at most `MAX_LABEL_CLASSES`. */
function labelCounts(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_LABEL_CLASSES);
}

/**
 * data-summary.json of a training run: the labelled rows' hashes (the same ids as
 * predictions.csv's, bounded to the smallest), the column types, the label counts, a digest of
 * the test rows and a small profile of every column. A pull request's gate diffs two of these,
 * so it never needs either table. The hashes are taken in table order, so a row's duplicate
 * suffix does not depend on the split.
 */
export function buildDataSummary(input: DataSummaryInput): DataSummary {
  const { table, schema, labelled } = input;
  const ids = rowIds(table, schema, labelled.rows);
  const testIds = Array.from(input.test, (p) => ids[p] ?? '').sort();
  const digest = createHash('sha256');
  for (const id of testIds) digest.update(`${id}\n`);
  return {
    schema: DATA_SUMMARY_SCHEMA,
    path: table.path,
    sha256: table.sha256,
    rows: table.rows,
    columns: table.columns
      .slice(0, MAX_COLUMNS)
      .map((column) => ({ name: column.name, type: column.kind })),
    label: schema.label,
    task: labelled.task,
    label_counts: labelled.task === 'classification' ? labelCounts(labelled.values) : null,
    row_hashes: keepSmallestHashes(ids),
    test_rows: { count: testIds.length, digest: digest.digest('hex') },
    profile: buildProfile(table, { sampleCap: SUMMARY_SAMPLE_CAP }),
  };
}
