import { logGamma } from '../math/special-functions.ts';

/** The exact McNemar test on the discordant pairs, and its mid-p variant. */
export interface McNemarResult {
  /** min(1, 2·P(X ≤ k)), X ~ Bin(n01 + n10, ½), k = min(n01, n10). */
  readonly pValue: number;
  /** 2·P(X ≤ k) − P(X = k) (Fagerland, Lydersen & Laake 2013), exactly 1 when n01 = n10. */
  readonly pValueMid: number;
}

/**
 * Exact McNemar test (McNemar 1947; statsmodels `mcnemar(table, exact=True)`, equal to scipy
 * `binomtest(k, N, 0.5)`) and its mid-p. Both come from one sum of binomial probabilities,
 * walked down from P(X = k) by the ratio P(X = i−1)/P(X = i) = i/(N−i+1), so a million
 * discordant rows cost one pass and no overflow (C(N, i) alone overflows past N ≈ 1030).
 * Hand-written: jStat's `binomial.cdf` sums C(N, i) directly and returns NaN for large N.
 */
export function mcnemarExact(n01: number, n10: number): McNemarResult {
  if (n01 === n10) return { pValue: 1, pValueMid: 1 };
  const total = n01 + n10;
  const k = Math.min(n01, n10);
  const logPmf = logGamma(total + 1) - logGamma(k + 1) - logGamma(total - k + 1) - total * Math.LN2;
  const pmf = Math.exp(logPmf);
  let term = pmf;
  let tail = pmf;
  for (let i = k; i > 0; i--) {
    term *= i / (total - i + 1);
    tail += term;
    if (term < tail * 1e-17) break;
  }
  const clamp = (p: number): number => Math.min(1, Math.max(0, p));
  return { pValue: clamp(2 * tail), pValueMid: clamp(2 * tail - pmf) };
}
