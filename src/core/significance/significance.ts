import { InputError } from '../errors.ts';
import { positiveLabel, uniqueLabels } from '../metrics/labels.ts';
import { compareAccuracy, type AccuracyResult } from './accuracy.ts';
import { delongTest, type DeLongResult } from './delong.ts';
import { zCritical } from './distributions.ts';
import { pairedTTest, type PairedTResult } from './paired-t.ts';

/** Confidence level when none is given. */
export const DEFAULT_CONFIDENCE = 0.95;

/** One classifier's predictions on the paired rows; `yScore` is P(greater label), binary only. */
export interface ClassifierSide {
  readonly yPred: readonly string[];
  readonly yScore?: Float64Array;
}

/** Two models' predictions on the same rows, in the same order. */
export type PairedPredictions =
  | {
      readonly task: 'classification';
      readonly yTrue: readonly string[];
      readonly baseline: ClassifierSide;
      readonly candidate: ClassifierSide;
    }
  | {
      readonly task: 'regression';
      readonly yTrue: Float64Array;
      readonly baseline: Float64Array;
      readonly candidate: Float64Array;
    };

/** The tests `significance` runs per metric; `null` where a metric is undefined. */
export interface SignificanceMetrics {
  accuracy?: AccuracyResult;
  roc_auc?: DeLongResult | null;
  mae?: PairedTResult;
  mse?: PairedTResult;
}

/** What `modelgate significance --json` prints (DEFINITIONS.md, "Significance"). */
export interface SignificanceResult {
  readonly n: number;
  readonly confidence: number;
  readonly metrics: SignificanceMetrics;
}

/** Throws unless 0 < confidence < 1. */
export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new InputError(
      `The confidence ${confidence} is outside (0, 1); expected a level such as 0.95.`,
    );
  }
}

function correctness(truth: readonly string[], pred: readonly string[]): Uint8Array {
  const out = new Uint8Array(truth.length);
  for (let i = 0; i < truth.length; i++) out[i] = truth[i] === pred[i] ? 1 : 0;
  return out;
}

/**
 * Paired comparison of a baseline and a candidate on the same n ≥ 1 rows: accuracy (Wilson,
 * Clopper–Pearson, exact McNemar) and, when both sides have scores, ROC AUC (DeLong) for
 * classification; MAE and MSE (paired t) for regression. Pure and O(n log n).
 */
export function compareOnRows(
  input: PairedPredictions,
  confidence = DEFAULT_CONFIDENCE,
): SignificanceResult {
  assertConfidence(confidence);
  const n = input.yTrue.length;
  if (n === 0) throw new InputError('No rows to compare; expected at least one paired row.');
  const alpha = 1 - confidence;
  const z = zCritical(alpha);
  if (input.task === 'regression') {
    const { yTrue, baseline, candidate } = input;
    return {
      n,
      confidence,
      metrics: {
        mae: pairedTTest('mae', yTrue, baseline, candidate, alpha),
        mse: pairedTTest('mse', yTrue, baseline, candidate, alpha),
      },
    };
  }
  const { yTrue, baseline, candidate } = input;
  const metrics: SignificanceMetrics = {
    accuracy: compareAccuracy(
      correctness(yTrue, baseline.yPred),
      correctness(yTrue, candidate.yPred),
      alpha,
      z,
    ),
  };
  if (baseline.yScore && candidate.yScore) {
    const labels = uniqueLabels(yTrue, baseline.yPred, candidate.yPred);
    if (labels.length > 2) {
      throw new InputError(
        `y_score is the probability of the greater of two labels, but the rows hold ${labels.length} labels; expected a binary task for ROC AUC.`,
      );
    }
    const positive = positiveLabel(labels);
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i++) flags[i] = yTrue[i] === positive ? 1 : 0;
    metrics.roc_auc = delongTest(flags, baseline.yScore, candidate.yScore, z);
  }
  return { n, confidence, metrics };
}
