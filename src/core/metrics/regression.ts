import { numpyMean, numpySum } from './summation.ts';

/**
 * Regression metrics of scikit-learn 1.2.1 on single-output Float64Arrays of equal length,
 * evaluated in numpy's order (see summation.ts). They return NaN where sklearn returns NaN (R²
 * with fewer than two samples); the report turns that into `null` plus a warning.
 */

function residuals(yTrue: Float64Array, yPred: Float64Array, map: (r: number) => number) {
  const out = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) out[i] = map(yTrue[i]! - yPred[i]!);
  return out;
}

const square = (r: number): number => r * r;

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: Float64Array, yPred: Float64Array): number {
  return numpyMean(residuals(yTrue, yPred, Math.abs));
}

/** Mean squared error. */
export function meanSquaredError(yTrue: Float64Array, yPred: Float64Array): number {
  return numpyMean(residuals(yTrue, yPred, square));
}

/** Root of the mean squared error (`mean_squared_error(squared=False)`). */
export function rootMeanSquaredError(yTrue: Float64Array, yPred: Float64Array): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

/**
 * R² = 1 − SS_res / SS_tot. With `forceFinite` (sklearn's default) a perfect fit is 1 even when
 * y_true is constant, and an imperfect fit of a constant y_true is 0 instead of −∞; without it
 * the raw quotient is returned (−∞ or NaN). Fewer than two samples give NaN either way.
 */
export function r2Score(
  yTrue: Float64Array,
  yPred: Float64Array,
  options: { forceFinite?: boolean } = {},
): number {
  if (yTrue.length < 2) return Number.NaN;
  const center = numpyMean(yTrue);
  const numerator = numpySum(residuals(yTrue, yPred, square));
  const deviations = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) deviations[i] = square(yTrue[i]! - center);
  const denominator = numpySum(deviations);
  if (options.forceFinite === false) return 1 - numerator / denominator;
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}
