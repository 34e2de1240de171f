import { UndefinedMetricError } from './undefined-metric.ts';

/** sklearn's message, so users can search for it. */
export const ONE_CLASS_MESSAGE =
  'Only one class present in y_true. ROC AUC score is not defined in that case.';

/**
 * ROC AUC from the scores of the positive and of the negative samples: the Mann–Whitney
 * statistic P(score⁺ > score⁻) + ½·P(score⁺ = score⁻), which equals the trapezoidal area under
 * sklearn's ROC curve (ties give the diagonal segment, i.e. count ½).
 *
 * Both samples are sorted with the native typed-array sort and walked once, so a million
 * scores cost one O(n log n) sort and no per-element objects. The pair count is accumulated as
 * an integer (2·wins + ties ≤ 2·P·N < 2^53 for any realistic n), so the only rounding is the
 * final division.
 */
export function rocAucFromSamples(positives: Float64Array, negatives: Float64Array): number {
  if (positives.length === 0 || negatives.length === 0) {
    throw new UndefinedMetricError(ONE_CLASS_MESSAGE);
  }
  return aucSortingInPlace(Float64Array.from(positives), Float64Array.from(negatives));
}

/** `rocAucFromSamples` on arrays the caller hands over: they are sorted in place. */
export function aucSortingInPlace(positives: Float64Array, negatives: Float64Array): number {
  if (positives.length === 0 || negatives.length === 0) {
    throw new UndefinedMetricError(ONE_CLASS_MESSAGE);
  }
  const pos = positives.sort();
  const neg = negatives.sort();
  // The typed-array sort puts NaN last; sklearn rejects NaN scores outright.
  if (Number.isNaN(pos[pos.length - 1]) || Number.isNaN(neg[neg.length - 1])) {
    throw new UndefinedMetricError('ROC AUC is not defined when the scores contain NaN.');
  }

  return twiceWinsSorted(pos, neg) / (2 * pos.length * neg.length);
}

/**
 * 2·#{pairs with positive > negative} + #{ties} over two ascending arrays without NaN — the
 * Mann–Whitney numerator, doubled so it stays an exact integer. One merge walk.
 */
export function twiceWinsSorted(pos: Float64Array, neg: Float64Array): number {
  let twiceWins = 0;
  let below = 0; // negatives strictly below the current positive score
  let equal = 0; // negatives equal to it
  let previous = Number.NaN;
  for (let i = 0; i < pos.length; i++) {
    const score = pos[i]!;
    if (score !== previous) {
      below += equal;
      while (below < neg.length && neg[below]! < score) below++;
      equal = 0;
      // -0 and +0 sort apart but compare equal; both land in this run.
      while (below + equal < neg.length && neg[below + equal] === score) equal++;
      previous = score;
    }
    twiceWins += 2 * below + equal;
  }
  return twiceWins;
}

/**
 * Binary ROC AUC (`roc_auc_score` on a 1-D score): `positive[i]` is 1 for the positive class,
 * `scores[i]` the score of the positive class. Throws `UndefinedMetricError` when `positive`
 * holds only one class, as sklearn raises `ValueError`.
 */
export function rocAuc(positive: Uint8Array, scores: Float64Array): number {
  if (positive.length !== scores.length) {
    throw new Error(`ROC AUC got ${positive.length} labels but ${scores.length} scores.`);
  }
  let positiveCount = 0;
  for (let i = 0; i < positive.length; i++) positiveCount += positive[i] ? 1 : 0;
  const positives = new Float64Array(positiveCount);
  const negatives = new Float64Array(positive.length - positiveCount);
  let p = 0;
  let q = 0;
  for (let i = 0; i < positive.length; i++) {
    if (positive[i]) positives[p++] = scores[i]!;
    else negatives[q++] = scores[i]!;
  }
  return aucSortingInPlace(positives, negatives);
}
