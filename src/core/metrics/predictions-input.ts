import { InputError } from '../errors.ts';
import { listNames } from '../name-list.ts';
import type { ClassificationInput } from './classification-report.ts';
import { positiveLabel, quoteLabel, uniqueLabels } from './labels.ts';
import type { Task } from '../metrics-report.ts';
import { findColumn, type Column, type Table } from '../table.ts';

/**
 * Turns a predictions table (`y_true`, `y_pred`, optional `y_score` or `proba_<label>`) into
 * the inputs of the metric reports, validating it as user input: every problem is an
 * InputError naming the file, the column and the row.
 */

/** Prefix of the per-label probability columns: `proba_<label>`. */
export const PROBA_PREFIX = 'proba_';
/** Most distinct integer values that still read as class labels when the task is inferred. */
export const MAX_INFERRED_CLASSES = 50;

/** What `modelgate metrics` scores. */
export type PredictionsInput =
  | { task: 'classification'; input: Omit<ClassificationInput, 'zeroDivision'> }
  | { task: 'regression'; input: { yTrue: Float64Array; yPred: Float64Array } };

function required(table: Table, name: string): Column {
  const column = findColumn(table, name);
  if (!column) {
    const found = listNames(table.columns.map((c) => c.name));
    throw new InputError(
      `${table.path} has no "${name}" column; expected columns y_true and y_pred (optionally y_score or ${PROBA_PREFIX}<label>), found: ${found}.`,
    );
  }
  return column;
}

/**
 * Data rows are counted from 1, after the header, as a spreadsheet shows them. The table
 * reader turns both an empty cell and "nan" into NaN, so the message names both.
 */
function missing(table: Table, name: string, row: number, expected: string): InputError {
  return new InputError(
    `${table.path}: "${name}" has no value (empty or NaN) on data row ${row + 1}; expected ${expected} on every row.`,
  );
}

/**
 * Labels as text. A numeric column gives canonical number text ("1.0" and "1" are the same
 * label, as they are for pandas + sklearn); a text column keeps its cells.
 */
function labelsOf(table: Table, column: Column): string[] {
  const out = new Array<string>(table.rows);
  // Labels repeat, so each distinct number is formatted once (a million rows, a few labels).
  const text = new Map<number, string>();
  for (let i = 0; i < table.rows; i++) {
    const value = column.values[i];
    if (
      value === null ||
      value === undefined ||
      (typeof value === 'number' && Number.isNaN(value))
    ) {
      throw missing(table, column.name, i, 'a label');
    }
    if (typeof value === 'string') {
      out[i] = value;
      continue;
    }
    let label = text.get(value);
    if (label === undefined) {
      label = String(value);
      text.set(value, label);
    }
    out[i] = label;
  }
  return out;
}

/** A decimal number or an infinity, as the table reader accepts them in numeric columns. */
const NUMBER_TEXT = /^\s*(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?)\s*$/i;

function numbersOf(table: Table, column: Column, what: string): Float64Array {
  if (column.kind === 'categorical') {
    // The table reader decided the column is text; point at the first cell that is not a number.
    const row = column.values.findIndex((v) => v !== null && !NUMBER_TEXT.test(v));
    const where =
      row >= 0
        ? ` holds ${JSON.stringify(column.values[row])} on data row ${row + 1}`
        : ' is not numeric';
    throw new InputError(`${table.path}: "${column.name}"${where}; expected ${what}.`);
  }
  const index = column.values.findIndex(Number.isNaN);
  if (index >= 0) throw missing(table, column.name, index, what);
  return column.values;
}

function probabilitiesOf(table: Table, column: Column): Float64Array {
  const values = numbersOf(table, column, 'a probability between 0 and 1');
  const bad = values.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new InputError(
      `${table.path}: "${column.name}" is ${values[bad]} on data row ${bad + 1}; expected a probability between 0 and 1.`,
    );
  }
  return values;
}

/**
 * The task when `--task` is not given: classification when a label is text, when probability
 * columns are present, or when every value is an integer, y_pred only uses values seen in
 * y_true and there are at most MAX_INFERRED_CLASSES of them; otherwise regression.
 */
export function inferTask(table: Table): Task {
  const yTrue = required(table, 'y_true');
  const yPred = required(table, 'y_pred');
  if (yTrue.kind === 'categorical' || yPred.kind === 'categorical') return 'classification';
  if (findColumn(table, 'y_score') || table.columns.some((c) => c.name.startsWith(PROBA_PREFIX))) {
    return 'classification';
  }
  const seen = new Set<number>();
  for (const value of yTrue.values) {
    if (!Number.isInteger(value)) return 'regression';
    seen.add(value);
    if (seen.size > MAX_INFERRED_CLASSES) return 'regression';
  }
  for (const value of yPred.values) if (!seen.has(value)) return 'regression';
  return 'classification';
}

/** Matches `proba_<label>` suffixes to the data's labels (numerically when both are numbers). */
function canonicalLabel(suffix: string, numericLabels: boolean): string {
  if (!numericLabels) return suffix;
  const value = Number(suffix);
  return suffix.trim() !== '' && Number.isFinite(value) ? String(value) : suffix;
}

function classificationScores(
  table: Table,
  labels: readonly string[],
  numericLabels: boolean,
): ClassificationInput['scores'] {
  const yScore = findColumn(table, 'y_score');
  const probaColumns = table.columns.filter((c) => c.name.startsWith(PROBA_PREFIX));
  if (yScore && probaColumns.length > 0) {
    throw new InputError(
      `${table.path} has both "y_score" and ${PROBA_PREFIX}<label> columns; expected one or the other.`,
    );
  }
  if (yScore) {
    if (labels.length > 2) {
      throw new InputError(
        `${table.path}: "y_score" is the probability of the greater of two labels, but y_true and y_pred hold ${labels.length} label(s) (${labels.map(quoteLabel).join(', ')}); use ${PROBA_PREFIX}<label> columns instead.`,
      );
    }
    const p = probabilitiesOf(table, yScore);
    const [only] = labels;
    if (labels.length === 1 && only !== undefined) {
      // One label: y_score is P(positive label) (sklearn's pos_label=1), and the only class the
      // data names stays the only one, as log_loss(y_true, y_score) sees it. ROC AUC and log
      // loss are then undefined (sklearn raises), the other metrics are scored.
      return { labels: [only], proba: [positiveLabel(labels) === only ? p : p.map((v) => 1 - v)] };
    }
    return { labels: [...labels], proba: [p.map((v) => 1 - v), p] };
  }
  if (probaColumns.length === 0) return undefined;
  const probaLabels = probaColumns.map((c) =>
    canonicalLabel(c.name.slice(PROBA_PREFIX.length), numericLabels),
  );
  const duplicate = probaLabels.find((label, i) => probaLabels.indexOf(label) !== i);
  if (duplicate !== undefined) {
    throw new InputError(
      `${table.path} has two probability columns for label ${quoteLabel(duplicate)}; expected one per label.`,
    );
  }
  const uncovered = labels.filter((label) => !probaLabels.includes(label));
  if (uncovered.length > 0) {
    throw new InputError(
      `${table.path} has no probability column for label(s) ${uncovered.map(quoteLabel).join(', ')}; expected ${uncovered.map((l) => `"${PROBA_PREFIX}${l}"`).join(', ')} next to ${probaColumns.map((c) => `"${c.name}"`).join(', ')}.`,
    );
  }
  return { labels: probaLabels, proba: probaColumns.map((c) => probabilitiesOf(table, c)) };
}

/** Validates a predictions table and builds the report input for `task` (inferred when omitted). */
export function predictionsInput(table: Table, task: Task = inferTask(table)): PredictionsInput {
  const yTrue = required(table, 'y_true');
  const yPred = required(table, 'y_pred');
  if (task === 'regression') {
    const extra = table.columns.find(
      (c) => c.name === 'y_score' || c.name.startsWith(PROBA_PREFIX),
    );
    if (extra) {
      throw new InputError(
        `${table.path} has the probability column "${extra.name}", but the task is regression; expected only y_true and y_pred.`,
      );
    }
    return {
      task,
      input: {
        yTrue: numbersOf(table, yTrue, 'a number'),
        yPred: numbersOf(table, yPred, 'a number'),
      },
    };
  }
  const numericLabels = yTrue.kind === 'numeric' && yPred.kind === 'numeric';
  if (!numericLabels && (yTrue.kind === 'numeric' || yPred.kind === 'numeric')) {
    // sklearn refuses this too ("Mix of label input types (string and number)").
    const [numbers, text] = yTrue.kind === 'numeric' ? ['y_true', 'y_pred'] : ['y_pred', 'y_true'];
    throw new InputError(
      `${table.path}: "${numbers}" holds numbers but "${text}" holds text labels; expected both columns to use the same labels.`,
    );
  }
  const trueLabels = labelsOf(table, yTrue);
  const predLabels = labelsOf(table, yPred);
  const labels = uniqueLabels(trueLabels, predLabels);
  return {
    task,
    input: {
      yTrue: trueLabels,
      yPred: predLabels,
      scores: classificationScores(table, labels, numericLabels),
    },
  };
}
