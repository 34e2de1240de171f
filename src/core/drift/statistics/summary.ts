/**
 * Basic statistics of a numerical column (min, max, mean, std, quantiles), computed the same
 * way for profiles and for reports so that an exact profile and its data summarise alike.
 * The standard deviation is also what Evidently normalises the Wasserstein distance with.
 */
import type { NumericSummary } from '../samples/column-sample.ts';
import { numpySum } from './summation.ts';

/**
 * A power of two near `largest` (a magnitude), to divide values by before squaring them:
 * beyond |x| ≈ 1.3e154 a square overflows to Infinity (and below 1e-154 it underflows to
 * 0), which numpy's two-pass std does too. Dividing by a power of two is exact, so sums of
 * the scaled values round exactly as numpy's sums of the originals, wherever those do not
 * overflow. Clamped so that the power and its inverse are both representable.
 */
export function binaryScale(largest: number): number {
  if (!(largest > 0) || !Number.isFinite(largest)) return 1;
  return 2 ** Math.min(1023, Math.max(-1022, Math.floor(Math.log2(largest))));
}

/** Below this magnitude (2^500) the square of any deviation between two values is finite. */
const SAFE_MAGNITUDE = 2 ** 500;

/** Mean and population standard deviation (ddof = 0) of finite values. */
export interface Moments {
  mean: number;
  std: number;
}

/**
 * Mean and population standard deviation (ddof = 0) of finite values, computed as `np.mean`
 * and `np.std` (two passes, pairwise sums) on values scaled by `binaryScale`: the same
 * doubles as numpy where numpy's squares stay finite, and finite where they would not. NaN
 * for no values. Preprocessing, profiles and drift reports all take their moments from here.
 */
export function populationMoments(values: Float64Array): Moments {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const magnitude = Math.abs(values[i] ?? 0);
    if (magnitude > largest) largest = magnitude;
  }
  // Below this bound no square of a deviation overflows, so the values are summed as they
  // are; beyond it they are scaled into one buffer first.
  const unit = largest < SAFE_MAGNITUDE ? 1 : binaryScale(largest);
  let source = values;
  if (unit !== 1) {
    source = new Float64Array(n);
    for (let i = 0; i < n; i++) source[i] = (values[i] ?? 0) / unit;
  }
  const mean = numpySum(source) / n;
  const squares = source === values ? new Float64Array(n) : source;
  for (let i = 0; i < n; i++) {
    const d = (source[i] ?? 0) - mean;
    squares[i] = d * d;
  }
  return { mean: mean * unit, std: Math.sqrt(numpySum(squares) / n) * unit };
}

/** Population standard deviation (ddof = 0) as `np.std` computes it, without overflow. */
export function populationStd(values: Float64Array): number {
  return populationMoments(values).std;
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
    ...populationMoments(sorted),
    median: quantile(sorted, 0.5),
  };
}
