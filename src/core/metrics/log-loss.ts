import { numpyMean } from './summation.ts';
import { UndefinedMetricError } from './undefined-metric.ts';

/** `eps="auto"` in sklearn 1.2.1: float64 machine epsilon. */
export const LOG_LOSS_EPS = 2.220446049250313e-16;

/**
 * Cross-entropy as `sklearn.metrics.log_loss` 1.2.1 computes it: each probability is clipped to
 * [eps, 1 − eps], each row is then divided by its sum (so unnormalised rows are accepted), and
 * the loss is the mean of −ln p[true label]. `yTrue` holds indices into the columns of `proba`
 * (one column per label, label order). For a binary 1-D score pass the two columns [1 − p, p].
 */
export function logLoss(yTrue: Int32Array, proba: readonly Float64Array[]): number {
  if (proba.length < 2) {
    throw new UndefinedMetricError(
      'Log loss needs at least two labels; y_true contains only one label and no other label was given.',
    );
  }
  const low = LOG_LOSS_EPS;
  const high = 1 - LOG_LOSS_EPS;
  const losses = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    let rowSum = 0;
    let truth = 0;
    const trueLabel = yTrue[i]!;
    for (let k = 0; k < proba.length; k++) {
      const raw = proba[k]![i]!;
      if (Number.isNaN(raw)) {
        throw new UndefinedMetricError(
          'Log loss is not defined when the probabilities contain NaN.',
        );
      }
      const p = raw < low ? low : raw > high ? high : raw;
      rowSum += p;
      if (k === trueLabel) truth = p;
    }
    losses[i] = -Math.log(truth / rowSum);
  }
  return numpyMean(losses);
}
