import { describe, expect, it } from 'vitest';
import { r2Score } from '../../../src/core/metrics/regression.ts';
import { numpyMean, numpySum, numpyWeightedMean } from '../../../src/core/metrics/summation.ts';

/** x_i = (i·7919 mod 10007)/7 + 0.1: exact IEEE operations, so numpy and V8 build the same array. */
function sequence(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 10007) / 7 + 0.1);
}

function naiveSum(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

describe('numpySum', () => {
  // np.sum of the same arrays, numpy 1.24.2 (Debian 12): every block size and the 8192 buffering.
  it.each([
    [7, 5173.271428571428],
    [100, 71721.57142857143],
    [129, 92010.1857142857],
    [1000, 715394.4285714285],
    [8193, 5857540.4428571435],
    [20000, 14296415.285714287],
  ])('matches np.sum bit for bit on %i values', (n, expected) => {
    expect(numpySum(sequence(n))).toBe(expected);
  });

  it('differs from a plain loop where numpy does (so the order really matters)', () => {
    const values = sequence(20000);
    expect(naiveSum(values)).not.toBe(numpySum(values));
  });

  it('gives NaN means for empty input and weighted means as np.average', () => {
    expect(numpyMean(new Float64Array(0))).toBeNaN();
    expect(numpyWeightedMean([1, 2, 3], [1, 0, 1])).toBe(2);
  });
});

describe('R² reproduces sklearn where floating point decides the branch', () => {
  it('constant y_true of 0.1 × 100 is not exactly constant after numpy averaging', () => {
    // sklearn 1.2.1: r2_score(np.full(100, 0.1), np.full(100, 0.1) + 0.01)
    const yTrue = new Float64Array(100).fill(0.1);
    const yPred = yTrue.map((v) => v + 0.01);
    expect(r2Score(yTrue, yPred)).toBe(-1.2980742146337054e29);
  });

  it('constant y_true of 4.0 is exactly constant: force_finite gives 0, raw gives -Infinity', () => {
    const yTrue = new Float64Array(10).fill(4);
    const yPred = yTrue.map((v, i) => v + (i % 2 ? 0.5 : -0.5));
    expect(r2Score(yTrue, yPred)).toBe(0);
    expect(r2Score(yTrue, yPred, { forceFinite: false })).toBe(-Infinity);
    expect(r2Score(yTrue, yTrue)).toBe(1);
    expect(r2Score(yTrue, yTrue, { forceFinite: false })).toBeNaN();
  });
});
