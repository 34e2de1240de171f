import { InputError } from '../errors.ts';
import { accuracyFromConfusion, confusionMatrix } from './confusion-matrix.ts';
import { encodeLabels, positiveLabel, quoteLabel, uniqueLabels } from './labels.ts';
import { logLoss } from './log-loss.ts';
import {
  labelCounts,
  precisionRecallF1,
  scoresForLabel,
  type ZeroDivision,
} from './precision-recall-f1.ts';
import { BINARY_SCORE_METRICS, MULTICLASS_METRICS, type MetricName } from './registry.ts';
import { rocAuc } from './roc-auc.ts';
import { ovoMacroFromRanking, ovrAveragesFromRanking, rankClasses } from './roc-auc-multiclass.ts';
import { UndefinedMetricError } from './undefined-metric.ts';

/** Predicted probabilities: one column per label, `proba[k][i]` = P(sample i has `labels[k]`). */
export interface ClassScores {
  labels: readonly string[];
  proba: Float64Array[];
}

/** Input of `classificationReport`. */
export interface ClassificationInput {
  yTrue: readonly string[];
  yPred: readonly string[];
  /** Probabilities per label; without them the score metrics (ROC AUC, log loss) are left out. */
  scores?: ClassScores;
  /** Value of precision/recall where they divide by zero (sklearn's default "warn" is 0). */
  zeroDivision?: ZeroDivision;
}

/** The classification part of metrics.json (DESIGN.md §5). */
export interface ClassificationReport {
  /** Labels in sklearn order: the rows and columns of `confusion_matrix`, the `per_class` order. */
  labels: string[];
  /** Metric key → value; `null` where the metric is undefined for these inputs (see `warnings`). */
  metrics: Record<string, number | null>;
  confusion_matrix: number[][];
  per_class: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  warnings: string[];
}

function validate(input: ClassificationInput): void {
  const { yTrue, yPred, scores } = input;
  if (yTrue.length !== yPred.length) {
    throw new InputError(
      `y_true has ${yTrue.length} values but y_pred has ${yPred.length}; expected one prediction per true label.`,
    );
  }
  if (yTrue.length === 0) {
    throw new InputError(
      'There are no samples to score; expected at least one y_true/y_pred pair.',
    );
  }
  if (!scores) return;
  if (new Set(scores.labels).size !== scores.labels.length) {
    throw new InputError(
      `The probability labels ${scores.labels.map(quoteLabel).join(', ')} repeat a label; expected each label once.`,
    );
  }
  if (scores.proba.length !== scores.labels.length) {
    throw new InputError(
      `There are ${scores.proba.length} probability columns for ${scores.labels.length} labels; expected one column per label.`,
    );
  }
  scores.proba.forEach((column, k) => {
    if (column.length !== yTrue.length) {
      throw new InputError(
        `The probability column of label ${quoteLabel(scores.labels[k] ?? '')} has ${column.length} values for ${yTrue.length} samples; expected one per sample.`,
      );
    }
  });
}

/** Runs a metric; where sklearn would raise, records null and the reason instead. */
function attempt(
  key: string,
  compute: () => number,
  metrics: Record<string, number | null>,
  warnings: string[],
): void {
  try {
    const value = compute();
    metrics[key] = Number.isFinite(value) ? value : null;
    if (!Number.isFinite(value)) warnings.push(`${key} is undefined for these inputs (${value}).`);
  } catch (error) {
    if (!(error instanceof UndefinedMetricError)) throw error;
    metrics[key] = null;
    warnings.push(`${key} is undefined: ${error.message}`);
  }
}

/** Memoises a computation, including the error it throws. */
function once<T>(compute: () => T): () => T {
  let outcome: { value: T } | { error: unknown } | undefined;
  return () => {
    if (!outcome) {
      try {
        outcome = { value: compute() };
      } catch (error) {
        outcome = { error };
      }
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}

function hasNonFinite(columns: readonly Float64Array[]): boolean {
  return columns.some((column) => column.some((value) => !Number.isFinite(value)));
}

/**
 * Every classification metric of DESIGN.md §5 as scikit-learn 1.2.1 computes it.
 *
 * `labels` (confusion matrix rows, per-class order, the averages) are the sorted union of
 * `yTrue` and `yPred`, as sklearn's defaults. The probability labels may add classes the data
 * lacks (a model's full class list); with at most two classes in all the task is binary and the
 * greater label is positive (with a single label, sklearn's `pos_label=1`: see `positiveLabel`),
 * otherwise multiclass.
 * Metrics that need probabilities are null (with a warning) when `scores` is not given. Input that cannot be
 * scored at all (length mismatch, no samples, malformed probabilities) throws `InputError`;
 * where sklearn raises for the data (one class, a label without a probability column, rows
 * that are not probabilities) the metric is `null` with a warning.
 */
export function classificationReport(input: ClassificationInput): ClassificationReport {
  validate(input);
  const { yTrue, yPred, scores } = input;
  const zeroDivision = input.zeroDivision ?? 0;
  // Rows of the confusion matrix and the labels the averages run over: sklearn's default
  // `unique_labels(y_true, y_pred)`.
  const labels = uniqueLabels(yTrue, yPred);
  // Every label the task knows; a model's probabilities may name labels the data lacks. They
  // decide binary vs multiclass and are the `labels=` of the score metrics.
  const classes = uniqueLabels(labels, scores?.labels ?? []);
  const trueCodes = encodeLabels(yTrue, labels);
  const predCodes = encodeLabels(yPred, labels);
  const matrix = confusionMatrix(trueCodes, predCodes, labels.length);
  const prf = precisionRecallF1(matrix, labels, zeroDivision);
  const warnings = [...prf.warnings];

  const metrics: Record<string, number | null> = {
    accuracy: accuracyFromConfusion(matrix),
    precision_macro: prf.macro.precision,
    recall_macro: prf.macro.recall,
    f1_macro: prf.macro.f1,
    precision_weighted: prf.weighted.precision,
    recall_weighted: prf.weighted.recall,
    f1_weighted: prf.weighted.f1,
    precision_micro: prf.micro.precision,
    recall_micro: prf.micro.recall,
    f1_micro: prf.micro.f1,
  };

  const binary = classes.length <= 2;
  if (binary) addBinaryMetrics(classes, labels, matrix, zeroDivision, metrics, warnings);
  if (scores) addScoreMetrics(scores, classes, yTrue, metrics, warnings);
  else {
    // Every key of DESIGN.md §5 is in the report; without probabilities these are undefined.
    const keys = scoreMetricKeys(binary);
    for (const key of keys) metrics[key] = null;
    warnings.push(
      `${keys.join(', ')} are undefined: they need predicted probabilities, and none were given.`,
    );
  }
  return { labels, metrics, confusion_matrix: matrix, per_class: prf.perClass, warnings };
}

/**
 * precision/recall/f1 of the positive class (`positiveLabel`), sklearn's `average='binary'`:
 * the positive label's own counts, zero_division where it never occurs (sklearn 1.2.1 then
 * still scores `pos_label` with tp = fp = fn = 0, e.g. y_true = y_pred = all 0).
 */
function addBinaryMetrics(
  classes: readonly string[],
  labels: readonly string[],
  matrix: readonly (readonly number[])[],
  zeroDivision: ZeroDivision,
  metrics: Record<string, number | null>,
  warnings: string[],
): void {
  const positive = positiveLabel(classes);
  const counts = labelCounts(matrix);
  const at = labels.indexOf(positive);
  const scores =
    at < 0
      ? scoresForLabel(0, 0, 0, zeroDivision)
      : scoresForLabel(
          counts.tp[at] ?? 0,
          counts.predicted[at] ?? 0,
          counts.support[at] ?? 0,
          zeroDivision,
        );
  if (at < 0) {
    warnings.push(
      `The positive label ${quoteLabel(positive)} occurs in neither y_true nor y_pred; precision, recall and f1 use zero_division.`,
    );
  }
  metrics.precision = scores.precision;
  metrics.recall = scores.recall;
  metrics.f1 = scores.f1;
}

/** The metrics that need probabilities (DESIGN.md §5), binary or multiclass. */
function scoreMetricKeys(binary: boolean): readonly MetricName[] {
  return binary ? BINARY_SCORE_METRICS : MULTICLASS_METRICS;
}

/** ROC AUC and log loss over `classes`, the columns of the probabilities reordered to them. */
function addScoreMetrics(
  scores: ClassScores,
  classes: readonly string[],
  yTrue: readonly string[],
  metrics: Record<string, number | null>,
  warnings: string[],
): void {
  const binary = classes.length <= 2;
  const keys = scoreMetricKeys(binary);
  const columnOf = new Map(scores.labels.map((label, k) => [label, k]));
  const uncovered = classes.filter((label) => !columnOf.has(label));
  if (uncovered.length > 0) {
    // sklearn raises here ("y_true contains values not belonging to the passed labels").
    for (const key of keys) metrics[key] = null;
    warnings.push(
      `${keys.join(', ')} are undefined: label(s) ${uncovered.map(quoteLabel).join(', ')} occur in y_true or y_pred but have no probability column.`,
    );
    return;
  }
  const proba = classes.map((label) => scores.proba[columnOf.get(label)!]!);
  const codes = encodeLabels(yTrue, classes);
  if (hasNonFinite(proba)) {
    // sklearn's check_array rejects NaN and infinity in y_score / y_pred.
    for (const key of keys) metrics[key] = null;
    warnings.push(
      `${keys.join(', ')} are undefined: the probabilities contain NaN or infinite values.`,
    );
    return;
  }
  if (binary) {
    // Positive = code 1, the greater of two classes. With one class y_true holds a single
    // class whichever label is positive, so rocAuc raises sklearn's one-class error either way.
    const positive = new Uint8Array(codes.length);
    for (let i = 0; i < codes.length; i++) positive[i] = codes[i] === 1 ? 1 : 0;
    attempt('roc_auc', () => rocAuc(positive, proba[classes.length - 1]!), metrics, warnings);
    attempt('log_loss', () => logLoss(codes, proba), metrics, warnings);
    return;
  }
  const input = { yTrue: codes, proba, labels: classes };
  // Every multiclass AUC derives from one ranking (and shares its failure), computed once.
  const ranking = once(() => rankClasses(input));
  const ovr = once(() => ovrAveragesFromRanking(ranking()));
  attempt('roc_auc_ovr_macro', () => ovr().macro, metrics, warnings);
  attempt('roc_auc_ovr_weighted', () => ovr().weighted, metrics, warnings);
  attempt('roc_auc_ovo_macro', () => ovoMacroFromRanking(ranking()), metrics, warnings);
  attempt('log_loss', () => logLoss(codes, proba), metrics, warnings);
}
