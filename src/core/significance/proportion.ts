import { inverseIncompleteBeta } from './beta.ts';

/** A confidence interval [lower, upper]. */
export type Interval = readonly [number, number];

/**
 * Wilson score interval without continuity correction (Wilson 1927; statsmodels
 * `proportion_confint(k, n, alpha, method="wilson")`) for k successes in n trials, with
 * z = z_{1−α/2}. The bounds are exactly 0 for k = 0 and exactly 1 for k = n, where
 * statsmodels leaves a rounding residue of about 1e-17.
 */
export function wilsonInterval(k: number, n: number, z: number): Interval {
  const p = k / n;
  const z2 = z * z;
  const d = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
  return [k === 0 ? 0 : center - half, k === n ? 1 : center + half];
}

/**
 * Clopper–Pearson ("exact") interval (1934; statsmodels `method="beta"`):
 * lo = B⁻¹(α/2; k, n−k+1), hi = B⁻¹(1−α/2; k+1, n−k); lo = 0 for k = 0, hi = 1 for k = n.
 * The closed forms at the ends avoid a quantile of a degenerate beta.
 */
export function clopperPearsonInterval(k: number, n: number, alpha: number): Interval {
  const half = alpha / 2;
  let lower: number;
  if (k === 0) lower = 0;
  else if (k === n) lower = half ** (1 / n);
  else lower = inverseIncompleteBeta(half, k, n - k + 1);
  let upper: number;
  if (k === n) upper = 1;
  else if (k === 0) upper = 1 - half ** (1 / n);
  else upper = inverseIncompleteBeta(1 - half, k + 1, n - k);
  return [lower, upper];
}
