import { InputError } from '../errors.ts';
import type { Task } from '../metrics-report.ts';

/** Whether a larger value of the metric is better. */
export type MetricDirection = 'higher' | 'lower';

interface MetricInfo {
  label: string;
  direction: MetricDirection;
}

/**
 * Every metric key of DESIGN.md §5 with its display name and direction. Gate rules such as
 * `max_drop` / `max_increase` and the comparison table read the direction from here.
 */
const METRICS = {
  accuracy: { label: 'Accuracy', direction: 'higher' },
  precision_macro: { label: 'Precision (macro)', direction: 'higher' },
  recall_macro: { label: 'Recall (macro)', direction: 'higher' },
  f1_macro: { label: 'F1 (macro)', direction: 'higher' },
  precision_weighted: { label: 'Precision (weighted)', direction: 'higher' },
  recall_weighted: { label: 'Recall (weighted)', direction: 'higher' },
  f1_weighted: { label: 'F1 (weighted)', direction: 'higher' },
  precision_micro: { label: 'Precision (micro)', direction: 'higher' },
  recall_micro: { label: 'Recall (micro)', direction: 'higher' },
  f1_micro: { label: 'F1 (micro)', direction: 'higher' },
  precision: { label: 'Precision', direction: 'higher' },
  recall: { label: 'Recall', direction: 'higher' },
  f1: { label: 'F1', direction: 'higher' },
  roc_auc: { label: 'ROC AUC', direction: 'higher' },
  roc_auc_ovr_macro: { label: 'ROC AUC (OvR, macro)', direction: 'higher' },
  roc_auc_ovr_weighted: { label: 'ROC AUC (OvR, weighted)', direction: 'higher' },
  roc_auc_ovo_macro: { label: 'ROC AUC (OvO, macro)', direction: 'higher' },
  log_loss: { label: 'Log loss', direction: 'lower' },
  mae: { label: 'MAE', direction: 'lower' },
  mse: { label: 'MSE', direction: 'lower' },
  rmse: { label: 'RMSE', direction: 'lower' },
  r2: { label: 'R²', direction: 'higher' },
} as const satisfies Record<string, MetricInfo>;

/** A metric key of DESIGN.md §5. */
export type MetricName = keyof typeof METRICS;

/** All metric keys, in the order reports list them. */
export const METRIC_NAMES: readonly MetricName[] = Object.keys(METRICS).filter(isMetricName);

/** Keys every classification report has, binary or multiclass. */
export const CLASSIFICATION_METRICS: readonly MetricName[] = [
  'accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'precision_micro',
  'recall_micro',
  'f1_micro',
];

/** Keys a binary report adds (positive = the greater label); the last two need probabilities. */
export const BINARY_METRICS: readonly MetricName[] = [
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'log_loss',
];

/** The binary keys that need probabilities. */
export const BINARY_SCORE_METRICS: readonly MetricName[] = ['roc_auc', 'log_loss'];

/** Keys a multiclass report adds; all need probabilities. */
export const MULTICLASS_METRICS: readonly MetricName[] = [
  'roc_auc_ovr_macro',
  'roc_auc_ovr_weighted',
  'roc_auc_ovo_macro',
  'log_loss',
];

/** Keys of a regression report. */
export const REGRESSION_METRICS: readonly MetricName[] = ['mae', 'mse', 'rmse', 'r2'];

/** Every key a report of this task can hold (binary and multiclass keys together). */
export function metricKeys(task: Task): MetricName[] {
  if (task === 'regression') return [...REGRESSION_METRICS];
  return [...new Set([...CLASSIFICATION_METRICS, ...BINARY_METRICS, ...MULTICLASS_METRICS])];
}

/** Type guard: is `name` a metric key of DESIGN.md §5? */
export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

function info(name: string): MetricInfo {
  if (!isMetricName(name)) {
    throw new InputError(`Unknown metric "${name}"; expected one of ${METRIC_NAMES.join(', ')}.`);
  }
  return METRICS[name];
}

/** 'higher' when a larger value is better (accuracy, AUC, R²), 'lower' for losses and errors. */
export function metricDirection(name: string): MetricDirection {
  return info(name).direction;
}

/** Display name of a metric for tables and comments ("ROC AUC (OvR, macro)"). */
export function metricLabel(name: string): string {
  return info(name).label;
}

/** The metric a summary leads with: accuracy for classification, R² for regression. */
export function primaryMetric(task: Task): MetricName {
  return task === 'classification' ? 'accuracy' : 'r2';
}
