/**
 * Basic statistics of a numerical column (min, max, mean, std, quantiles), computed the same
 * way for profiles and for reports so that an exact profile and its data summarise alike.
 * The standard deviation is also what Evidently normalises the Wasserstein distance with.
 */
import type { NumericSummary } from './column-sample.ts';
import { numpySum } from './summation.ts';

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

/** numpy's default (linear, type 7) quantile of an ascending sample. */
export function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const f = h - lo;
  const x = sorted[lo] ?? NaN;
  return f > 0 ? x + f * ((sorted[lo + 1] ?? NaN) - x) : x;
}

/** Summary of an ascending, non-empty sample: mean as `np.mean`, std as `np.std`. */
export function summarize(sorted: Float64Array): NumericSummary {
  return {
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    mean: numpySum(sorted) / sorted.length,
    std: populationStd(sorted),
    median: quantile(sorted, 0.5),
  };
}
