import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { regressionReport } from '../../../src/core/metrics/regression-report.ts';

describe('regressionReport', () => {
  it('reports mae, mse, rmse and r2', () => {
    const report = regressionReport({
      yTrue: Float64Array.of(1, 2, 3),
      yPred: Float64Array.of(1, 2, 5),
    });
    expect(report).toEqual({
      metrics: { mae: 2 / 3, mse: 4 / 3, rmse: Math.sqrt(4 / 3), r2: -1 },
      warnings: [],
    });
  });

  it('makes every metric null, with a reason, when values are not finite', () => {
    const report = regressionReport({
      yTrue: Float64Array.of(1, Number.NaN),
      yPred: Float64Array.of(1, Infinity),
    });
    expect(report).toEqual({
      metrics: { mae: null, mse: null, rmse: null, r2: null },
      warnings: [
        'mae, mse, rmse and r2 are undefined: y_true has 1 NaN or infinite value(s) and y_pred has 1 NaN or infinite value(s).',
      ],
    });
  });

  it('reports an overflowing error as null instead of Infinity', () => {
    const report = regressionReport({
      yTrue: Float64Array.of(1e200, 0),
      yPred: Float64Array.of(-1e200, 0),
    });
    expect(report.metrics.mse).toBeNull();
    expect(report.metrics.mae).toBe(1e200);
    expect(report.warnings).toContain('mse is undefined: it overflowed to Infinity.');
  });

  it('rejects mismatched lengths and empty input', () => {
    expect(() =>
      regressionReport({ yTrue: Float64Array.of(1), yPred: Float64Array.of(1, 2) }),
    ).toThrow(InputError);
    expect(() =>
      regressionReport({ yTrue: new Float64Array(0), yPred: new Float64Array(0) }),
    ).toThrow('There are no samples to score; expected at least one y_true/y_pred pair.');
  });
});
