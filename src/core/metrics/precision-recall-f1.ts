import { quoteLabel } from './labels.ts';
import { numpyMean, numpyWeightedMean } from './summation.ts';

/** What `zero_division` substitutes for 0/0 (sklearn's default "warn" behaves as 0). */
export type ZeroDivision = 0 | 1;

/** Per-label counts read from a confusion matrix. */
export interface LabelCounts {
  /** True positives per label (the diagonal). */
  tp: number[];
  /** Predicted count per label (column sums). */
  predicted: number[];
  /** True count per label, the support (row sums). */
  support: number[];
}

/** Precision, recall and F1 of one label or one average. */
export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

/** The result of `precisionRecallF1`: per-label values, the three averages, and warnings. */
export interface PrecisionRecallF1Result {
  perClass: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  macro: PrecisionRecallF1;
  weighted: PrecisionRecallF1;
  micro: PrecisionRecallF1;
  /** Ill-defined ratios that `zero_division` replaced, one line each (UndefinedMetricWarning). */
  warnings: string[];
}

/** Reads tp, predicted and support per label from a square confusion matrix. */
export function labelCounts(matrix: readonly (readonly number[])[]): LabelCounts {
  const n = matrix.length;
  const tp = new Array<number>(n).fill(0);
  const predicted = new Array<number>(n).fill(0);
  const support = new Array<number>(n).fill(0);
  matrix.forEach((row, r) => {
    row.forEach((count, c) => {
      support[r]! += count;
      predicted[c]! += count;
      if (r === c) tp[r] = count;
    });
  });
  return { tp, predicted, support };
}

/** tp/denominator, or `zeroDivision` when the denominator is 0 (`_prf_divide`). */
function divide(tp: number, denominator: number, zeroDivision: ZeroDivision): number {
  return denominator === 0 ? zeroDivision : tp / denominator;
}

/**
 * F1 as scikit-learn 1.2.1 computes it: from precision and recall AFTER zero_division has
 * replaced the undefined ones, 0 when both are 0. (1.3 switched to 2tp/(2tp+fp+fn), which
 * differs for labels with no predictions under zero_division=1.) Evaluated in numpy's order:
 * `(1 + beta²) * P * R / (beta² * P + R)`.
 */
export function f1FromPrecisionRecall(precision: number, recall: number): number {
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}

/** Precision, recall and F1 of one label. */
export function scoresForLabel(
  tp: number,
  predicted: number,
  support: number,
  zeroDivision: ZeroDivision,
): PrecisionRecallF1 {
  const precision = divide(tp, predicted, zeroDivision);
  const recall = divide(tp, support, zeroDivision);
  return { precision, recall, f1: f1FromPrecisionRecall(precision, recall) };
}

function average(values: readonly number[], weights?: readonly number[]): number {
  return weights ? numpyWeightedMean(values, weights) : numpyMean(values);
}

/**
 * `precision_recall_fscore_support` for every label plus the macro, weighted (by support) and
 * micro averages, with sklearn 1.2.1's zero_division rules. `labels` names the rows of
 * `matrix` in the warnings.
 */
export function precisionRecallF1(
  matrix: readonly (readonly number[])[],
  labels: readonly string[],
  zeroDivision: ZeroDivision,
): PrecisionRecallF1Result {
  const { tp, predicted, support } = labelCounts(matrix);
  const perLabel = tp.map((t, i) =>
    scoresForLabel(t, predicted[i] ?? 0, support[i] ?? 0, zeroDivision),
  );
  const precision = perLabel.map((s) => s.precision);
  const recall = perLabel.map((s) => s.recall);
  const f1 = perLabel.map((s) => s.f1);

  const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
  const microTp = sum(tp);
  const microPrecision = divide(microTp, sum(predicted), zeroDivision);
  const microRecall = divide(microTp, sum(support), zeroDivision);

  const warnings: string[] = [];
  const unpredicted = labels.filter((_, i) => predicted[i] === 0);
  const absent = labels.filter((_, i) => support[i] === 0);
  if (unpredicted.length > 0) {
    warnings.push(
      `Precision is ill-defined for label(s) ${unpredicted.map(quoteLabel).join(', ')} with no predicted samples; set to ${zeroDivision} (zero_division).`,
    );
  }
  if (absent.length > 0) {
    warnings.push(
      `Recall is ill-defined for label(s) ${absent.map(quoteLabel).join(', ')} with no true samples; set to ${zeroDivision} (zero_division).`,
    );
  }

  return {
    perClass: { precision, recall, f1, support },
    macro: { precision: average(precision), recall: average(recall), f1: average(f1) },
    weighted: {
      precision: average(precision, support),
      recall: average(recall, support),
      f1: average(f1, support),
    },
    micro: {
      precision: microPrecision,
      recall: microRecall,
      f1: f1FromPrecisionRecall(microPrecision, microRecall),
    },
    warnings,
  };
}
