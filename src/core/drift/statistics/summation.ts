/**
 * Summation orders that match numpy, so sums compared with scipy at a relative 1e-9 (or
 * better) do not depend on luck: `np.sum` of a contiguous float64 array is numpy's pairwise
 * summation (8 accumulators per block of up to 128, halves above).
 */

function pairwise(values: ArrayLike<number>, offset: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[offset + i] ?? 0;
    return sum;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = values[offset + j] ?? 0;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = (r[j] ?? 0) + (values[offset + i + j] ?? 0);
    }
    let sum =
      (r[0] ?? 0) +
      (r[1] ?? 0) +
      ((r[2] ?? 0) + (r[3] ?? 0)) +
      ((r[4] ?? 0) + (r[5] ?? 0) + ((r[6] ?? 0) + (r[7] ?? 0)));
    for (; i < n; i++) sum += values[offset + i] ?? 0;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(values, offset, half) + pairwise(values, offset + half, n - half);
}

/** `np.sum(values)` for a 1-D float64 array, same rounding. */
export function numpySum(values: ArrayLike<number>): number {
  return pairwise(values, 0, values.length);
}

/** Neumaier-compensated running sum, for long streams that are never materialised. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
