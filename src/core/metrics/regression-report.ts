import { InputError } from '../errors.ts';
import { meanAbsoluteError, meanSquaredError, r2Score } from './regression.ts';

/** Input of `regressionReport`: true and predicted values, same length. */
export interface RegressionInput {
  yTrue: Float64Array;
  yPred: Float64Array;
}

/** The regression part of metrics.json (DESIGN.md §5): `mae`, `mse`, `rmse`, `r2`. */
export interface RegressionReport {
  /** Metric key → value; `null` where the metric is undefined (see `warnings`). */
  metrics: Record<string, number | null>;
  warnings: string[];
}

function countNonFinite(values: Float64Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) count++;
  return count;
}

/**
 * Every regression metric of DESIGN.md §5 as scikit-learn 1.2.1 computes it (R² with
 * `force_finite=True`). Mismatched lengths or no samples throw `InputError`. Where sklearn
 * raises (NaN or infinite values) or returns NaN (R² of fewer than two samples), the metric is
 * `null` and `warnings` says why, so a diverged model still yields a report.
 */
export function regressionReport({ yTrue, yPred }: RegressionInput): RegressionReport {
  if (yTrue.length !== yPred.length) {
    throw new InputError(
      `y_true has ${yTrue.length} values but y_pred has ${yPred.length}; expected one prediction per true value.`,
    );
  }
  if (yTrue.length === 0) {
    throw new InputError(
      'There are no samples to score; expected at least one y_true/y_pred pair.',
    );
  }
  const badTrue = countNonFinite(yTrue);
  const badPred = countNonFinite(yPred);
  if (badTrue > 0 || badPred > 0) {
    const parts = [
      badTrue > 0 ? `y_true has ${badTrue} NaN or infinite value(s)` : '',
      badPred > 0 ? `y_pred has ${badPred} NaN or infinite value(s)` : '',
    ].filter(Boolean);
    return {
      metrics: { mae: null, mse: null, rmse: null, r2: null },
      warnings: [`mae, mse, rmse and r2 are undefined: ${parts.join(' and ')}.`],
    };
  }

  const mse = meanSquaredError(yTrue, yPred);
  const raw: Record<string, number> = {
    mae: meanAbsoluteError(yTrue, yPred),
    mse,
    rmse: Math.sqrt(mse),
    r2: r2Score(yTrue, yPred),
  };
  const metrics: Record<string, number | null> = {};
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    metrics[key] = Number.isFinite(value) ? value : null;
    if (key === 'r2' && yTrue.length < 2) {
      warnings.push(`r2 is undefined: it needs at least two samples, got ${yTrue.length}.`);
    } else if (!Number.isFinite(value)) {
      // Only reachable by overflow (values near 1e154 squared); metrics.json holds finite numbers.
      warnings.push(`${key} is undefined: it overflowed to ${value}.`);
    }
  }
  return { metrics, warnings };
}
