import { PREDICTION_METRICS_SCHEMA } from '../constants.ts';
import type { Task } from '../metrics-report.ts';
import type { Table } from '../table.ts';
import { classificationReport } from './classification-report.ts';
import { predictionsInput } from './predictions-input.ts';
import { regressionReport } from './regression-report.ts';

/** The JSON `modelgate metrics --json` prints. */
export interface PredictionMetricsOutput {
  schema: typeof PREDICTION_METRICS_SCHEMA;
  task: Task;
  data: { path: string; sha256: string; rows: number };
  labels: string[];
  metrics: Record<string, number | null>;
  confusion_matrix?: number[][];
  per_class?: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  warnings: string[];
}

/**
 * Scores a predictions table (`y_true`, `y_pred`, optional `y_score` / `proba_<label>`): the
 * one function behind `modelgate metrics`, `modelgate evaluate --predictions` and the Action's
 * `predictions:` input, so the three can never disagree on a number.
 */
export function scorePredictionTable(
  table: Table,
  options: { task?: Task; zeroDivision?: 0 | 1 } = {},
): PredictionMetricsOutput {
  const parsed = predictionsInput(table, options.task);
  const data = { path: table.path, sha256: table.sha256, rows: table.rows };
  if (parsed.task === 'regression') {
    const report = regressionReport(parsed.input);
    return { schema: PREDICTION_METRICS_SCHEMA, task: 'regression', data, labels: [], ...report };
  }
  const report = classificationReport({ ...parsed.input, zeroDivision: options.zeroDivision ?? 0 });
  return { schema: PREDICTION_METRICS_SCHEMA, task: 'classification', data, ...report };
}
