import { InputError } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import type { PredictionSet } from '../core/significance/pairing.ts';
import { parseCsv } from '../data/parse-csv.ts';
import { lineOfRow } from '../data/table.ts';
import { MAX_PREDICTION_ROWS } from '../train/predictions-file.ts';
import { decodeUntrustedText } from './untrusted-json.ts';

/**
 * A run's predictions.csv read as untrusted input (an artifact of a pull request's run, or a
 * history file the workflow token wrote). It feeds a test that can turn a failing rule into a
 * pass, so it is held to exactly what `modelgate train` writes and to the run's own
 * metrics.json: the same task, labels the run knows, at most n_test rows, and — when it kept
 * every test row — the run's accuracy (or MAE). A file that disagrees with its own metrics
 * describes some other model and is refused.
 */

/** Ids as `modelgate train` writes them (16 hex digits, `.N` for a repeated row), or similar. */
const ROW_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** Float noise allowed between metrics.json and the metric recomputed from the file. */
const TOLERANCE = 1e-6;

function fail(label: string, line: number | undefined, what: string): never {
  throw new InputError(`${label}${line === undefined ? '' : `: line ${line}`} ${what}.`);
}

function expectedHeader(task: MetricsReport['task']): string {
  return task === 'regression'
    ? 'row_id,y_true,y_pred'
    : 'row_id,y_true,y_pred followed by y_score or proba_<label> columns';
}

function checkHeader(label: string, names: readonly string[], report: MetricsReport): void {
  const [id, truth, pred, ...rest] = names;
  const ok =
    id === 'row_id' &&
    truth === 'y_true' &&
    pred === 'y_pred' &&
    (report.task === 'regression'
      ? rest.length === 0
      : (rest.length === 1 && rest[0] === 'y_score') ||
        (rest.length === report.labels.length &&
          rest.every((name, i) => name === `proba_${report.labels[i] ?? ''}`)) ||
        rest.length === 0);
  if (!ok)
    fail(
      label,
      1,
      `has the header ${JSON.stringify(names.join(',').slice(0, 200))}; expected ${expectedHeader(report.task)} for a ${report.task} run`,
    );
}

function numberAt(label: string, line: number | undefined, name: string, text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value))
    fail(label, line, `has ${name} ${JSON.stringify(text.slice(0, 40))}; expected a finite number`);
  return value;
}

/**
 * Refuses a file with far more lines than the run has test rows before it is decoded and
 * parsed: 32 MiB of 5-byte rows are millions of records, seconds and most of a GiB to parse
 * only to be refused for their count. Twice the limit leaves room for labels with quoted line
 * breaks; a file this rule refuses would be refused for its row count anyway.
 */
function refuseLongFiles(bytes: Uint8Array, label: string, limit: number): void {
  const most = 2 * (limit + 1);
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
    if (++lines > most)
      fail(
        label,
        undefined,
        `has more than ${most} lines; expected 1 to ${limit} rows (the run's test rows)`,
      );
  }
}

/**
 * Parses predictions.csv of the run whose metrics.json is `report`. Any problem is one
 * InputError sentence naming `label` (the file), the line and what was expected.
 */
export function parsePredictionsCsv(
  bytes: Uint8Array,
  report: MetricsReport,
  label: string,
): PredictionSet {
  const limit = Math.min(report.n_test, MAX_PREDICTION_ROWS);
  refuseLongFiles(bytes, label, limit);
  const csv = parseCsv(label, decodeUntrustedText(bytes, label));
  checkHeader(label, csv.names, report);
  const [ids = [], truth = [], pred = [], ...scores] = csv.columns;
  const rows = ids.length;
  if (rows === 0 || rows > limit)
    fail(label, undefined, `has ${rows} rows; expected 1 to ${limit} (the run's test rows)`);
  const line = (row: number) => lineOfRow(csv, row);
  const seen = new Set<string>();
  ids.forEach((id, row) => {
    if (!ROW_ID.test(id))
      fail(
        label,
        line(row),
        `has row_id ${JSON.stringify(id.slice(0, 80))}; expected an id like the 16 hex digits modelgate writes`,
      );
    if (seen.has(id)) fail(label, line(row), `repeats row_id ${id}; expected each row once`);
    seen.add(id);
  });

  if (report.task === 'regression') {
    const yTrue = Float64Array.from(truth, (text, row) =>
      numberAt(label, line(row), 'y_true', text),
    );
    const yPred = Float64Array.from(pred, (text, row) =>
      numberAt(label, line(row), 'y_pred', text),
    );
    let mae = 0;
    for (let i = 0; i < rows; i++) mae += Math.abs((yTrue[i] ?? 0) - (yPred[i] ?? 0));
    agrees(label, report, 'mae', mae / rows, rows);
    return { task: 'regression', rowIds: ids, yTrue, yPred };
  }

  const known = new Set(report.labels);
  let correct = 0;
  for (let row = 0; row < rows; row++) {
    for (const [name, value] of [
      ['y_true', truth[row]],
      ['y_pred', pred[row]],
    ] as const) {
      if (value === undefined || !known.has(value))
        fail(
          label,
          line(row),
          `has ${name} ${JSON.stringify((value ?? '').slice(0, 80))}; expected one of the run's labels`,
        );
    }
    if (truth[row] === pred[row]) correct++;
  }
  for (const [j, column] of scores.entries()) {
    column.forEach((text, row) => {
      const p = numberAt(label, line(row), csv.names[j + 3] ?? 'a score', text);
      if (p < 0 || p > 1) fail(label, line(row), `has a probability ${p}; expected one in [0, 1]`);
    });
  }
  agrees(label, report, 'accuracy', correct / rows, rows);
  const yScore =
    csv.names[3] === 'y_score' && scores[0] !== undefined
      ? Float64Array.from(scores[0], Number)
      : undefined;
  return { task: 'classification', rowIds: ids, yTrue: truth, yPred: pred, yScore };
}

/** A file that kept every test row must give the run's own metric. */
function agrees(
  label: string,
  report: MetricsReport,
  metric: 'accuracy' | 'mae',
  value: number,
  rows: number,
): void {
  const recorded = report.metrics[metric];
  if (rows !== report.n_test || typeof recorded !== 'number') return;
  if (Math.abs(value - recorded) > TOLERANCE * Math.max(1, Math.abs(recorded)))
    fail(
      label,
      undefined,
      `gives ${metric} ${value} but the run's metrics.json says ${recorded}; expected the predictions of the model that metrics.json describes`,
    );
}
