/**
 * Basic statistics of a numerical column (min, max, mean, std, quantiles), computed the same
 * way for profiles and for reports so that an exact profile and its data summarise alike.
 */
import type { NumericSummary } from './column-sample.ts';
import { numpySum } from './summation.ts';
import { populationStd } from './wasserstein.ts';

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
