import { hash } from 'node:crypto';
import { positiveLabel } from '../core/metrics/labels.ts';
import { restoreTarget, type Preprocessing } from '../data/preprocess.ts';
import type { DatasetSchema } from '../data/schema.ts';
import { findColumn, type Table } from '../data/table.ts';
import { decodeClasses } from './score.ts';

/**
 * predictions.csv of a run: the held-out rows' predictions, so a later pull request can pair
 * its rows with this run's and test whether a change is real (`core/significance`). Columns:
 * `row_id,y_true,y_pred` plus `y_score` (binary: P(greater label)) or `proba_<label>` per
 * class; regression has no score. The layout is `modelgate metrics`' plus `row_id`, so the
 * file also works with `modelgate metrics` and `modelgate significance`.
 */

/** Most rows predictions.csv keeps; a 2-class file of this size is about 4 MB. */
export const MAX_PREDICTION_ROWS = 100_000;
/** Most cells (rows × columns): many-class files keep fewer rows, so no file passes ~20 MB. */
export const MAX_PREDICTION_CELLS = 1_000_000;

/** The file's text and what it kept. */
export interface PredictionsFile {
  readonly text: string;
  readonly rows: number;
  readonly testRows: number;
  /** Set when rows were left out, for metrics.json's warnings. */
  readonly warning?: string;
}

/**
 * A stable id of a row: the first 16 hex digits (64 bits) of sha256 over the feature values
 * and the label, named, in schema order. The same row gets the same id in every run that reads
 * it with the same columns, wherever the split puts it; 64 bits make a collision among a
 * million rows a 1-in-30-million event. Duplicate rows get `.2`, `.3`… in test-row order.
 */
export function rowIds(table: Table, schema: DatasetSchema, rows: Int32Array): string[] {
  const columns = [...schema.features.map((f) => f.name), schema.label].map((name) => ({
    name,
    column: findColumn(table, name),
  }));
  const seen = new Map<string, number>();
  return Array.from(rows, (row) => {
    // One string and one-shot hashing: the same digest as updating a hash per column (sha256
    // of the concatenation), several times faster on a million rows.
    let text = '';
    for (const { name, column } of columns) {
      const value = column?.values[row];
      const cellText =
        value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))
          ? ''
          : String(value);
      text += `${name}\u001f${cellText}\u001e`;
    }
    const id = hash('sha256', text, 'hex').slice(0, 16);
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}.${count}`;
  });
}

/** A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A probability at float32 precision, which is all the model computed: `0.12345679`. */
function probability(p: number): string {
  return String(Number(Math.fround(p).toPrecision(8)));
}

/** Input of `predictionsFile`: the test rows, the model outputs and what decodes them. */
export interface PredictionsInput {
  readonly table: Table;
  readonly schema: DatasetSchema;
  readonly preprocessing: Preprocessing;
  /** Table row of each test row. */
  readonly testRows: Int32Array;
  readonly yTest: readonly string[] | Float64Array;
  readonly output: Float32Array;
}

/**
 * Builds predictions.csv. Beyond the bound it keeps the rows with the smallest ids: a sample
 * that is random with respect to the data but the same in every run, so a baseline and a pull
 * request with the same test rows keep the same rows and still pair.
 */
export function predictionsFile(input: PredictionsInput): PredictionsFile {
  const { preprocessing: prep, testRows, yTest, output } = input;
  const n = testRows.length;
  const ids = rowIds(input.table, input.schema, testRows);
  let header = ['row_id', 'y_true', 'y_pred'];
  let fields: (i: number) => string[];
  if (prep.task === 'regression' || yTest instanceof Float64Array) {
    const truth = yTest instanceof Float64Array ? yTest : Float64Array.from(yTest, Number);
    const pred = restoreTarget(output.subarray(0, n), prep);
    fields = (i) => [String(truth[i]), String(pred[i])];
  } else {
    const { proba, predicted } = decodeClasses(output, n, prep.classes);
    const binary = prep.classes.length === 2;
    const positive = binary ? prep.classes.indexOf(positiveLabel(prep.classes)) : -1;
    header = binary
      ? [...header, 'y_score']
      : [...header, ...prep.classes.map((label) => `proba_${label}`)];
    fields = (i) => [
      yTest[i] ?? '',
      predicted[i] ?? '',
      ...(binary
        ? [probability(proba[positive]?.[i] ?? 0)]
        : proba.map((column) => probability(column[i] ?? 0))),
    ];
  }
  const limit = Math.min(MAX_PREDICTION_ROWS, Math.floor(MAX_PREDICTION_CELLS / header.length));
  let order = Array.from({ length: n }, (_, i) => i);
  let warning: string | undefined;
  if (n > limit) {
    order = order.sort((a, b) => ((ids[a] ?? '') < (ids[b] ?? '') ? -1 : 1)).slice(0, limit);
    order.sort((a, b) => a - b);
    warning = `predictions.csv keeps ${limit} of the ${n} test rows (those with the smallest row ids, the same sample in every run), so significance tests see that sample.`;
  }
  const lines = [header.map(cell).join(',')];
  for (const i of order) lines.push([ids[i] ?? '', ...fields(i)].map(cell).join(','));
  return { text: `${lines.join('\n')}\n`, rows: order.length, testRows: n, warning };
}
