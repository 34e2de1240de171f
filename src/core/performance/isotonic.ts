/**
 * Isotonic calibration of a binary classifier's score, fitted by pool-adjacent-violators.
 * Written here rather than taken from a library: no maintained npm package fits a weighted
 * isotonic regression with sklearn's `IsotonicRegression(out_of_bounds='clip')` semantics,
 * and CBPE (NannyML) needs exactly those: ties in the score pooled first, a non-decreasing
 * step function, linear interpolation between the ends of its steps, clipped outside them.
 */

/** A fitted calibrator: the non-decreasing map score → P(positive), as interpolation knots. */
export interface IsotonicFit {
  /** Knot scores, strictly increasing. */
  x: number[];
  /** Calibrated probability at each knot, non-decreasing, in [0, 1]. */
  y: number[];
}

interface Block {
  /** Weighted mean outcome of the pooled scores. */
  mean: number;
  weight: number;
  /** Lowest and highest score pooled into the block. */
  low: number;
  high: number;
}

/**
 * Fits the calibrator on scores and their 0/1 outcomes (the test split at training time).
 * Deterministic: it depends only on the multiset of (score, outcome) pairs, not on their order.
 * Non-finite scores are left out; at least one finite score is required.
 */
export function fitIsotonic(scores: ArrayLike<number>, outcomes: ArrayLike<number>): IsotonicFit {
  if (scores.length !== outcomes.length) {
    throw new Error(
      `Isotonic calibration needs one outcome per score, got ${scores.length} scores and ${outcomes.length} outcomes.`,
    );
  }
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if (Number.isFinite(scores[i])) order.push(i);
  if (order.length === 0) throw new Error('Isotonic calibration needs at least one finite score.');
  order.sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));

  // Equal scores get one value (their mean outcome), as sklearn pools ties before PAV.
  const blocks: Block[] = [];
  for (const i of order) {
    const score = scores[i] ?? 0;
    const outcome = (outcomes[i] ?? 0) > 0 ? 1 : 0;
    const last = blocks.at(-1);
    if (last !== undefined && last.high === score) {
      last.mean += (outcome - last.mean) / (last.weight + 1);
      last.weight += 1;
    } else {
      blocks.push({ mean: outcome, weight: 1, low: score, high: score });
    }
    // Pool adjacent violators: merge backwards while the step function would decrease.
    while (blocks.length > 1) {
      const top = blocks.at(-1);
      const below = blocks.at(-2);
      if (top === undefined || below === undefined || below.mean <= top.mean) break;
      const weight = below.weight + top.weight;
      below.mean = (below.mean * below.weight + top.mean * top.weight) / weight;
      below.weight = weight;
      below.high = top.high;
      blocks.pop();
    }
  }
  // Each step keeps both of its ends, so interpolation is flat inside a step and linear only
  // across the gap between two steps.
  const x: number[] = [];
  const y: number[] = [];
  for (const block of blocks) {
    x.push(block.low);
    y.push(block.mean);
    if (block.high !== block.low) {
      x.push(block.high);
      y.push(block.mean);
    }
  }
  return { x, y };
}

/** The calibrated probability of one score: interpolated between knots, clipped outside them. */
export function calibrateScore(fit: IsotonicFit, score: number): number {
  const { x, y } = fit;
  const n = x.length;
  const first = y[0] ?? 0;
  // A NaN score fails this test too and gets the lowest probability, like any unknown.
  if (!(score > (x[0] ?? 0))) return first;
  if (score >= (x[n - 1] ?? 0)) return y[n - 1] ?? first;
  // Binary search for the knot interval [lo, lo + 1] holding the score.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] ?? 0) <= score) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] ?? 0;
  const x1 = x[hi] ?? 0;
  const y0 = y[lo] ?? 0;
  const y1 = y[hi] ?? 0;
  return y0 + ((y1 - y0) * (score - x0)) / (x1 - x0);
}

/** Calibrated probabilities of many scores. */
export function calibrateScores(fit: IsotonicFit, scores: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: scores.length }, (_, i) =>
    calibrateScore(fit, scores[i] ?? 0),
  );
}
