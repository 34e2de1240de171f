/**
 * Wasserstein-1 distance between two empirical distributions (`scipy.stats.wasserstein_distance`,
 * unweighted) and the population standard deviation Evidently normalises it with.
 */
import { CompensatedSum, numpySum } from './summation.ts';

/**
 * W₁ = ∫|F_a − F_b| dx of two ascending samples, by one merge walk over the distinct pooled
 * values: between consecutive values both ECDFs are constant, so each gap contributes
 * |F_a − F_b| · gap. O(n₁ + n₂) after sorting; scipy sorts and binary-searches instead.
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  const sum = new CompensatedSum();
  let previous = NaN;
  let previousGap = 0;
  while (i < n1 || j < n2) {
    const x = j >= n2 || (i < n1 && (a[i] ?? 0) <= (b[j] ?? 0)) ? (a[i] ?? 0) : (b[j] ?? 0);
    if (!Number.isNaN(previous)) sum.add(previousGap * (x - previous));
    while (i < n1 && (a[i] ?? 0) <= x) i++;
    while (j < n2 && (b[j] ?? 0) <= x) j++;
    previousGap = Math.abs(i / n1 - j / n2);
    previous = x;
  }
  return sum.value;
}

/** Population standard deviation (ddof = 0), computed as `np.std`: two passes, pairwise sums. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mean = numpySum(values) / n;
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? 0) - mean;
    squares[i] = d * d;
  }
  return Math.sqrt(numpySum(squares) / n);
}

/**
 * Evidently's `wasserstein` test score: W₁ divided by the reference's standard deviation,
 * floored at 0.001 so a constant reference does not divide by zero.
 */
export function wassersteinNormalised(reference: Float64Array, current: Float64Array): number {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), 0.001);
}
