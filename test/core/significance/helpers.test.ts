import { describe, expect, it } from 'vitest';
import {
  holmAdjust,
  mcnemarExact,
  minimumDetectableDrop,
  normalQuantile,
  studentTwoSided,
  tCritical,
} from '../../../src/core/significance/index.ts';

describe('holmAdjust', () => {
  it('matches statsmodels multipletests(method="holm")', () => {
    // multipletests([0.01, 0.04, 0.03, 0.2], method='holm')[1] = [0.04, 0.09, 0.09, 0.2]
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.2]);
    expect(adjusted.map((p) => (p === null ? null : Number(p.toFixed(12))))).toEqual([
      0.04, 0.09, 0.09, 0.2,
    ]);
  });

  it('leaves an untested (null) p-value out of the family', () => {
    expect(holmAdjust([null, 0.02, 0.5])).toEqual([null, 0.04, 0.5]);
  });

  it('caps at 1', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
  });
});

describe('quantiles', () => {
  it('inverts the normal and Student t tails to double precision', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    // mpmath: t.ppf(0.95, 30) = 1.6972608865939574 (scipy 1.10's is off by 4.6e-9).
    expect(Math.abs(tCritical(0.1, 30) - 1.6972608865939574)).toBeLessThan(1e-14);
    expect(studentTwoSided(tCritical(0.05, 7), 7)).toBeCloseTo(0.05, 14);
  });
});

describe('mcnemarExact', () => {
  it('stays finite and monotone for a million discordant rows', () => {
    const balanced = mcnemarExact(500_000, 500_000);
    expect(balanced).toEqual({ pValue: 1, pValueMid: 1 });
    const skewed = mcnemarExact(499_000, 501_000);
    expect(skewed.pValue).toBeGreaterThan(0.04);
    expect(skewed.pValue).toBeLessThan(0.06);
    expect(skewed.pValueMid).toBeLessThan(skewed.pValue);
  });
});

describe('minimumDetectableDrop', () => {
  it('is about 8.1 points on 114 rows at 95 % accuracy, α = 0.05, power 0.8', () => {
    // (1.959964 + 0.841621)·√(2·0.95·0.05/114) = 0.0808748 (Python, math.sqrt)
    expect(minimumDetectableDrop(114, 0.95, 0.05)).toBeCloseTo(0.080874799, 8);
  });

  it('shrinks with the square root of n', () => {
    const small = minimumDetectableDrop(100, 0.9, 0.05);
    const large = minimumDetectableDrop(10_000, 0.9, 0.05);
    expect(small / large).toBeCloseTo(10, 10);
  });
});
