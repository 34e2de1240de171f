import { describe, expect, it } from 'vitest';
import { LOG_LOSS_EPS, logLoss } from '../../../src/core/metrics/log-loss.ts';
import { UndefinedMetricError } from '../../../src/core/metrics/undefined-metric.ts';

describe('log loss (sklearn 1.2.1)', () => {
  it('clips a confidently wrong probability to machine epsilon', () => {
    // True label 1 predicted with probability 0: −ln(eps) = 36.04365338911715.
    const loss = logLoss(Int32Array.of(1), [Float64Array.of(1), Float64Array.of(0)]);
    expect(loss).toBeCloseTo(-Math.log(LOG_LOSS_EPS), 12);
    expect(LOG_LOSS_EPS).toBe(Number.EPSILON);
  });

  it('renormalises rows that do not sum to one, after clipping', () => {
    // [0.2, 0.6] becomes [0.25, 0.75].
    const scaled = logLoss(Int32Array.of(1), [Float64Array.of(0.2), Float64Array.of(0.6)]);
    expect(scaled).toBeCloseTo(-Math.log(0.75), 15);
    // Clipping comes first, so [2, 6] is [1 − eps, 1 − eps], i.e. [0.5, 0.5]: sklearn gives ln 2.
    const clipped = logLoss(Int32Array.of(1), [Float64Array.of(2), Float64Array.of(6)]);
    expect(clipped).toBeCloseTo(Math.LN2, 15);
  });

  it('is the mean over samples', () => {
    const loss = logLoss(Int32Array.of(0, 1), [
      Float64Array.of(0.5, 0.2),
      Float64Array.of(0.5, 0.8),
    ]);
    expect(loss).toBeCloseTo((-Math.log(0.5) - Math.log(0.8)) / 2, 15);
  });

  it('is undefined with a single label or NaN probabilities', () => {
    expect(() => logLoss(Int32Array.of(0), [Float64Array.of(1)])).toThrow(UndefinedMetricError);
    expect(() =>
      logLoss(Int32Array.of(0), [Float64Array.of(Number.NaN), Float64Array.of(1)]),
    ).toThrow(/NaN/);
  });
});
