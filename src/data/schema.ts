import { InputError } from '../core/errors.ts';
import { listNames, nearName } from '../core/name-list.ts';
import type { Task } from '../core/metrics-report.ts';
import { sortLabels } from '../core/metrics/labels.ts';
import { assertNoStrayText, describeRow, firstTextCell } from './stray-text.ts';
import type { Column, Table } from '../core/table.ts';

/** A numeric label with at most this many distinct integer values is read as class labels. */
export const MAX_INTEGER_CLASSES = 20;

/** One feature column and how it is encoded (standardised number or one-hot category). */
export interface FeatureSpec {
  name: string;
  kind: 'numeric' | 'categorical';
}

/** What a dataset means for training: which column is learned, from which, and how. */
export interface DatasetSchema {
  label: string;
  task: Task;
  features: FeatureSpec[];
}

/** What the config says about the label, the features and the task; the rest is inferred. */
export interface SchemaOptions {
  label: string;
  /** Feature columns; every other column when omitted. */
  features?: string[];
  /** Wins over inference when given (config `task`). */
  task?: Task;
  /** Columns the config declares categorical (`data.categorical`): text in them is meant. */
  categorical?: string[];
}

/** Labels of the rows that have one; `rows` are their indices in the table. */
export type LabelledRows =
  | { task: 'classification'; rows: Int32Array; classes: string[]; values: string[] }
  | { task: 'regression'; rows: Int32Array; values: Float64Array };

function columnNames(table: Table, except?: string): string[] {
  return table.columns.map((column) => column.name).filter((name) => name !== except);
}

/** `"x" (did you mean "X"?); expected one of: <every column>`: the user picks from the list. */
function unknownColumn(name: string, table: Table, except?: string): string {
  const names = columnNames(table, except);
  return `"${name}"${nearName(name, names)}; expected one of: ${listNames(names, { max: Infinity })}`;
}

/** Formats a numeric class label the way it was most likely written ("1", not "1.0"). */
function numericLabel(value: number): string {
  return String(value);
}

function inferTask(column: Column): Task {
  if (column.kind === 'categorical') return 'classification';
  const distinct = new Set<number>();
  for (const value of column.values) {
    if (!Number.isFinite(value)) continue;
    if (!Number.isInteger(value)) return 'regression';
    distinct.add(value);
    if (distinct.size > MAX_INTEGER_CLASSES) return 'regression';
  }
  return 'classification';
}

/**
 * Decides label, task and features. The task is `options.task` when given, else
 * classification for a text label or an integer label with at most MAX_INTEGER_CLASSES
 * distinct values (digits 0–9, a 0/1 flag), else regression.
 */
export function inferSchema(table: Table, options: SchemaOptions): DatasetSchema {
  const labelColumn = table.columns.find((column) => column.name === options.label);
  if (!labelColumn) {
    throw new InputError(
      `${table.path} has no label column ${unknownColumn(options.label, table)}.`,
    );
  }
  const declared = new Set(options.categorical ?? []);
  const declare = (name: string): string => `list "${name}" under data.categorical`;
  // A typo in a numeric label would make a classifier with a class per value; with
  // task: regression the message below names the cell instead.
  if (options.task !== 'regression' && !declared.has(options.label))
    assertNoStrayText(table, [options.label], declare);
  const task = options.task ?? inferTask(labelColumn);
  if (task === 'regression' && labelColumn.kind === 'categorical') {
    const cell = firstTextCell(labelColumn);
    throw new InputError(
      cell === undefined
        ? `${table.path}: label "${options.label}" is listed under data.categorical but the task is regression; expected a numeric label, or task: classification.`
        : `${table.path}: label "${options.label}" holds text (${JSON.stringify(cell.value)} on ${describeRow(table, cell.row)}) but the task is regression; expected numbers, or task: classification.`,
    );
  }
  const names =
    options.features ?? table.columns.map((c) => c.name).filter((n) => n !== options.label);
  if (names.includes(options.label)) {
    throw new InputError(
      `Feature list includes the label "${options.label}"; expected it only as data.label.`,
    );
  }
  const features = names.map((name): FeatureSpec => {
    const column = table.columns.find((c) => c.name === name);
    if (!column) {
      throw new InputError(
        `${table.path} has no feature column ${unknownColumn(name, table, options.label)}.`,
      );
    }
    return { name, kind: column.kind };
  });
  if (features.length === 0) {
    throw new InputError(
      `${table.path} has no feature columns besides the label "${options.label}"; expected at least one.`,
    );
  }
  assertNoStrayText(
    table,
    names.filter((name) => !declared.has(name)),
    declare,
  );
  return { label: options.label, task, features };
}

/**
 * Reads the label of every row, dropping rows without one (missing, NaN, ±inf). A
 * classification label needs two classes or more.
 */
export function readLabels(table: Table, schema: DatasetSchema): LabelledRows {
  const column = table.columns.find((c) => c.name === schema.label);
  if (!column)
    throw new InputError(
      `${table.path} has no label column ${unknownColumn(schema.label, table)}.`,
    );
  const rows: number[] = [];
  if (schema.task === 'regression') {
    if (column.kind !== 'numeric')
      throw new InputError(
        `${table.path}: label "${schema.label}" must be numeric for regression.`,
      );
    const values: number[] = [];
    column.values.forEach((value, i) => {
      if (Number.isFinite(value)) {
        rows.push(i);
        values.push(value);
      }
    });
    if (rows.length === 0)
      throw new InputError(
        `${table.path}: label "${schema.label}" has no numeric value; expected a regression target.`,
      );
    return { task: 'regression', rows: Int32Array.from(rows), values: Float64Array.from(values) };
  }
  const values: string[] = [];
  for (let i = 0; i < table.rows; i++) {
    const value =
      column.kind === 'numeric' ? (column.values[i] ?? NaN) : (column.values[i] ?? null);
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) continue;
    rows.push(i);
    values.push(typeof value === 'number' ? numericLabel(value) : value);
  }
  const classes = sortLabels(values);
  if (classes.length < 2) {
    const only =
      classes[0] === undefined ? 'no value at all' : `only the class ${JSON.stringify(classes[0])}`;
    throw new InputError(
      `${table.path}: label "${schema.label}" has ${only}; classification needs at least two classes.`,
    );
  }
  return { task: 'classification', rows: Int32Array.from(rows), classes, values };
}
