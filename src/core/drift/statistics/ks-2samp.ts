/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(method='auto')`
 * (scipy 1.10), given the statistic D from the merge walk in `ecdf-walk.ts` (right-continuous
 * ECDFs, so ties are handled): the same choice between the exact and the asymptotic p-value,
 * and the same formulas for each.
 */
import { kolmogorovSf } from './kolmogorov-n.ts';
import { kolmogorovLimitSf } from './smirnov.ts';

/** scipy's `MAX_AUTO_N`: 'auto' is exact when both samples have at most this many values. */
export const KS_MAX_AUTO_N = 10_000;

/** How the p-value was computed, named as scipy names it. */
export type KsMethod = 'exact' | 'asymp';

/** `scipy.stats.ks_2samp(method='auto')`'s result. */
export interface KsResult {
  /** D = sup |F_ref − F_cur|; for the exact method snapped to h / lcm(n₁, n₂) as scipy does. */
  statistic: number;
  p_value: number;
  method: KsMethod;
}

/** Round half to even, as `np.round` does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * Pr(D_{n,n} >= h/n) for equal sample sizes: the alternating sum of binomial ratios in
 * Horner form, which avoids the cancellation of the direct sum (scipy
 * `_compute_prob_outside_square`). Operation order kept for identical rounding.
 */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * Pr(D_{m,n} >= h/lcm(m,n)) for unequal sizes: Hodges' (1958) lattice-path "inside" count,
 * recast by Viehmann (2021) to accumulate 1 − p directly and kept to a sliding window of one
 * column (scipy `_compute_outer_prob_inside_method`).
 */
export function probOutsideInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] ?? 0) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1] ?? NaN;
}

/** Effective sample size of the asymptotic p-value, `np.round(n₁n₂/(n₁+n₂))`. */
export function ksEffectiveN(n1: number, n2: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  return roundHalfEven((m * n) / (m + n));
}

/** The asymptotic two-sided p-value scipy uses: `kstwo.sf(D, round(en))`, not the limit series. */
export function ksAsymptoticPValue(d: number, n1: number, n2: number): number {
  return kolmogorovSf(ksEffectiveN(n1, n2), d);
}

/**
 * Kolmogorov's limiting approximation `kstwobign.sf(√en · D)` with the unrounded
 * en = n₁n₂/(n₁+n₂), as older scipy computed the asymptotic p-value; reported for comparison.
 */
export function ksLimitPValue(d: number, n1: number, n2: number): number {
  return kolmogorovLimitSf(Math.sqrt((n1 * n2) / (n1 + n2)) * d);
}

/**
 * The p-value of a KS statistic `d` of samples of sizes n₁ and n₂ as `ks_2samp` computes it:
 * 'auto' is exact when max(n₁, n₂) <= 10,000; an exact computation that fails numerically falls
 * back to the asymptotic one, as scipy does (with `method: 'asymp'` reporting it).
 */
export function ksTest(
  d0: number,
  n1: number,
  n2: number,
  method: 'auto' | KsMethod = 'auto',
): KsResult {
  if (n1 === 0 || n2 === 0) throw new RangeError('The KS test needs two non-empty samples.');
  let d = d0;
  const chosen =
    method === 'auto' ? (Math.max(n1, n2) <= KS_MAX_AUTO_N ? 'exact' : 'asymp') : method;
  if (chosen === 'exact') {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    // scipy keeps the snapped D even when it then falls back to the asymptotic p-value.
    d = h / lcm;
    if (h === 0) return { statistic: d, p_value: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideInside(n1, n2, g, h);
    if (Number.isFinite(p) && p >= 0 && p <= 1)
      return { statistic: d, p_value: p, method: 'exact' };
  }
  const p = ksAsymptoticPValue(d, n1, n2);
  return { statistic: d, p_value: Math.min(Math.max(p, 0), 1), method: 'asymp' };
}
