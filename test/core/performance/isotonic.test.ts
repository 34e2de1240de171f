import { describe, expect, it } from 'vitest';
import { calibrateScore, fitIsotonic } from '../../../src/core/performance/isotonic.ts';

describe('fitIsotonic', () => {
  it('pools adjacent violators as sklearn IsotonicRegression does', () => {
    // sklearn's IsotonicRegression(out_of_bounds='clip') on these predicts 0, .5, .5, 1, 1:
    // the violating pair (.2 → 1, .3 → 0) is pooled to its mean.
    const fit = fitIsotonic([0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 0, 1, 1]);
    expect(fit.x).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(fit.y).toEqual([0, 0.5, 0.5, 1, 1]);
  });

  it('pools tied scores before fitting, whatever their order', () => {
    const a = fitIsotonic([0.5, 0.2, 0.5, 0.2, 0.9], [1, 0, 0, 0, 1]);
    const b = fitIsotonic([0.9, 0.5, 0.2, 0.5, 0.2], [1, 0, 0, 1, 0]);
    expect(a).toEqual(b);
    expect(a).toEqual({ x: [0.2, 0.5, 0.9], y: [0, 0.5, 1] });
  });

  it('is non-decreasing on a noisy sample', () => {
    const scores = Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) / 200);
    const outcomes = scores.map((s, i) => (s + ((i * 13) % 7) / 10 > 0.6 ? 1 : 0));
    const fit = fitIsotonic(scores, outcomes);
    for (let i = 1; i < fit.x.length; i++) {
      expect(fit.x[i]).toBeGreaterThan(fit.x[i - 1] ?? 0);
      expect(fit.y[i]).toBeGreaterThanOrEqual(fit.y[i - 1] ?? 0);
    }
  });
});

describe('calibrateScore', () => {
  const fit = { x: [0.2, 0.4, 0.8], y: [0.1, 0.3, 0.9] };
  it('interpolates between knots and clips outside them', () => {
    expect(calibrateScore(fit, 0.3)).toBeCloseTo(0.2, 12);
    expect(calibrateScore(fit, 0.6)).toBeCloseTo(0.6, 12);
    expect(calibrateScore(fit, 0)).toBe(0.1);
    expect(calibrateScore(fit, 1)).toBe(0.9);
    expect(calibrateScore(fit, 0.4)).toBe(0.3);
    expect(calibrateScore(fit, Number.NaN)).toBe(0.1);
  });
});
