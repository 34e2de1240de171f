/**
 * One merge walk over two ascending samples that yields everything the ECDFs give: the KS
 * statistic, the Wasserstein-1 distance and the number of distinct pooled values. Fusing them
 * reads each million-value array once instead of three times.
 */
import { CompensatedSum } from './summation.ts';

/** What one merge walk over two sorted samples yields. */
export interface EcdfComparison {
  /** sup |F_a − F_b|, evaluated as scipy's `ks_2samp` does (count/n, then subtract). */
  ksStatistic: number;
  /** ∫ |F_a − F_b| dx (`scipy.stats.wasserstein_distance`). */
  wasserstein: number;
  /** Distinct values of a and b together. */
  distinct: number;
}

/** Walks the distinct pooled values of two ascending, non-empty samples in order. */
export function compareEcdfs(a: Float64Array, b: Float64Array): EcdfComparison {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let max = 0;
  let min = 0;
  let distinct = 0;
  const area = new CompensatedSum();
  let previous = 0;
  let gap = 0;
  while (i < n1 || j < n2) {
    const ai = i < n1 ? (a[i] ?? Infinity) : Infinity;
    const bj = j < n2 ? (b[j] ?? Infinity) : Infinity;
    const x = ai <= bj ? ai : bj;
    // Between consecutive distinct values both ECDFs are flat: the area is gap · width.
    if (distinct > 0) area.add(gap * (x - previous));
    while (i < n1 && (a[i] ?? Infinity) <= x) i++;
    while (j < n2 && (b[j] ?? Infinity) <= x) j++;
    const diff = i / n1 - j / n2;
    if (diff > max) max = diff;
    else if (diff < min) min = diff;
    gap = Math.abs(diff);
    previous = x;
    distinct++;
  }
  return { ksStatistic: Math.max(max, Math.min(-min, 1)), wasserstein: area.value, distinct };
}
