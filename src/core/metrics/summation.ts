/**
 * Summation in numpy's exact order, so means and sums match scikit-learn to the last bit.
 * That matters beyond cosmetics: sklearn's R² switches branch on `SS_tot == 0`, and whether the
 * mean of a constant column like 0.1 × 100 is exactly 0.1 depends on the summation order (it is
 * not in numpy, so sklearn reports R² ≈ −1.3e29 there, not 0). Matching the order reproduces
 * such results instead of silently "fixing" them.
 *
 * numpy reduces a contiguous float64 array in buffers of 8192 elements, added one after another,
 * and sums each buffer pairwise (`pairwise_sum` in numpy/core/src/umath/loops_utils.h.src):
 * below 8 elements a plain loop, up to 128 eight interleaved accumulators, above that the halves
 * split at a multiple of 8.
 */

const BUFFER_SIZE = 8192;
const PAIRWISE_BLOCK = 128;

function pairwiseSum(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = values[start]!;
    let r1 = values[start + 1]!;
    let r2 = values[start + 2]!;
    let r3 = values[start + 3]!;
    let r4 = values[start + 4]!;
    let r5 = values[start + 5]!;
    let r6 = values[start + 6]!;
    let r7 = values[start + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const at = start + i;
      r0 += values[at]!;
      r1 += values[at + 1]!;
      r2 += values[at + 2]!;
      r3 += values[at + 3]!;
      r4 += values[at + 4]!;
      r5 += values[at + 5]!;
      r6 += values[at + 6]!;
      r7 += values[at + 7]!;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/** `np.sum` of a contiguous 1-D float64 array (also `arr.reshape(-1, 1).sum(axis=0)`), bit for bit. */
export function numpySum(values: ArrayLike<number>): number {
  let sum = 0;
  for (let start = 0; start < values.length; start += BUFFER_SIZE) {
    sum += pairwiseSum(values, start, Math.min(BUFFER_SIZE, values.length - start));
  }
  return sum;
}

/** `np.mean` / `np.average` without weights; NaN for an empty array. */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
}

/** `np.average(values, weights=weights)`: Σ values·weights / Σ weights, each summed as numpy does. */
export function numpyWeightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const products = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) products[i] = values[i]! * weights[i]!;
  return numpySum(products) / numpySum(weights);
}
