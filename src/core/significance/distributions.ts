import { erfc, normalCdf } from '../math/special-functions.ts';
import { incompleteBeta, inverseIncompleteBeta } from './beta.ts';

/**
 * Normal and Student t tails and quantiles to double precision (jStat's `normal.inv` and
 * `studentt.inv` are good to about 1e-9 and 1e-7; see beta.ts for why none is a dependency).
 */

/** Acklam's rational approximation of Φ⁻¹ (relative error 1.15e-9), refined below. */
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function poly(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (const c of coefficients) sum = sum * x + c;
  return sum;
}

function acklam(p: number): number {
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -poly(C, q) / (poly(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/**
 * Φ⁻¹(p), the standard normal quantile (scipy `norm.ppf`): Acklam's start and Halley steps on
 * the tail that keeps its precision (the lower tail for p < ½, by symmetry otherwise).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  let x = acklam(p);
  for (let i = 0; i < 3; i++) {
    const error = normalCdf(x) - p;
    const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return x;
}

/**
 * The two-sided critical value z_{1−α/2} = Φ⁻¹(1 − α/2), computed as −Φ⁻¹(α/2) as statsmodels'
 * `norm.isf(alpha/2)` does, so 1 − α/2 is never rounded. For α = 0.05 it is 1.959963984540054.
 */
export function zCritical(alpha: number): number {
  return -normalQuantile(alpha / 2);
}

/** Two-sided normal p-value 2·(1 − Φ(|z|)) = erfc(|z|/√2). */
export function normalTwoSided(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Two-sided Student t p-value 2·P(T_df ≥ |t|) = I_{df/(df+t²)}(df/2, ½) (scipy `ttest_rel`). */
export function studentTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * The two-sided critical value t_{1−α/2, df}: the t > 0 with 2·P(T_df ≥ t) = α, from the
 * inverse incomplete beta. Exact to double precision, unlike scipy 1.10's `t.ppf` (off by up
 * to 4.6e-9 relative, DEFINITIONS.md), which is why the golden intervals use mpmath's value.
 */
export function tCritical(alpha: number, df: number): number {
  if (!(alpha > 0 && alpha < 1) || !(df > 0)) return NaN;
  // x = df/(df + t²) solves I_x(df/2, ½) = α; t² = df·(1 − x)/x.
  const x = inverseIncompleteBeta(alpha, df / 2, 0.5);
  return Math.sqrt((df * (1 - x)) / x);
}
