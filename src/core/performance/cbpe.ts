/**
 * Confidence-based performance estimation (CBPE, as NannyML defines it) for a binary
 * classifier: with calibrated probabilities, each row's expected contribution to the
 * confusion matrix is known without its label, so accuracy, F1 and ROC AUC can be estimated
 * on unlabelled production data. It assumes no concept shift: P(y | x) is what it was on the
 * test split the calibrator was fitted on; only the distribution of x may have moved.
 */

/** CBPE's estimates on one batch of rows; a metric is null when it is undefined there. */
export interface CbpeEstimate {
  accuracy: number;
  /** F1 of the positive class (the greater label), sklearn's `f1` with zero_division 0. */
  f1: number;
  roc_auc: number | null;
  /** The expected confusion matrix, [[tn, fp], [fn, tp]] as sklearn orders it. */
  confusion: [[number, number], [number, number]];
  n: number;
}

/** The metrics CBPE estimates, as metrics.json names them. */
export const ESTIMATED_METRICS = ['accuracy', 'f1', 'roc_auc'] as const;

/**
 * Estimates the metrics of one batch from each row's calibrated probability of the positive
 * class and the model's own prediction (1 = positive): a row predicted positive is a true
 * positive with probability p and a false positive with 1 − p, one predicted negative a false
 * negative with p and a true negative with 1 − p.
 */
export function estimateBinary(
  calibrated: ArrayLike<number>,
  predictedPositive: ArrayLike<boolean | number>,
): CbpeEstimate {
  const n = calibrated.length;
  if (n === 0) throw new Error('CBPE needs at least one row to estimate from.');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < n; i++) {
    const p = clamp01(calibrated[i] ?? 0);
    if (predictedPositive[i]) {
      tp += p;
      fp += 1 - p;
    } else {
      fn += p;
      tn += 1 - p;
    }
  }
  const f1Denominator = 2 * tp + fp + fn;
  return {
    accuracy: (tp + tn) / n,
    f1: f1Denominator > 0 ? (2 * tp) / f1Denominator : 0,
    roc_auc: estimateRocAuc(calibrated),
    confusion: [
      [tn, fp],
      [fn, tp],
    ],
    n,
  };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/**
 * NannyML's ROC AUC estimate: at every distinct calibrated probability t taken as the
 * threshold (positive when p ≥ t), the expected true positives are Σ p and the expected false
 * positives Σ (1 − p) over the rows at or above t; the expected TPR and FPR divide them by
 * the expected positives Σ p and negatives Σ (1 − p) of the batch. The area under those
 * points, from (0, 0) to (1, 1), by trapezoids. Null when the batch is expected to hold only
 * one class (every p is 0, or every p is 1), where AUC is undefined as in sklearn.
 */
export function estimateRocAuc(calibrated: ArrayLike<number>): number | null {
  const p = Float64Array.from({ length: calibrated.length }, (_, i) => clamp01(calibrated[i] ?? 0));
  // Descending, so each distinct value adds its whole group of ties at once.
  p.sort().reverse();
  let positives = 0;
  for (const value of p) positives += value;
  const negatives = p.length - positives;
  if (!(positives > 0) || !(negatives > 0)) return null;
  let tp = 0;
  let fp = 0;
  let previousTpr = 0;
  let previousFpr = 0;
  let area = 0;
  for (let i = 0; i < p.length;) {
    const threshold = p[i] ?? 0;
    while (i < p.length && p[i] === threshold) {
      tp += p[i] ?? 0;
      fp += 1 - (p[i] ?? 0);
      i++;
    }
    const tpr = tp / positives;
    const fpr = fp / negatives;
    area += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
    previousTpr = tpr;
    previousFpr = fpr;
  }
  return area;
}
