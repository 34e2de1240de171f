/**
 * Population Stability Index and Jensen–Shannon distance between two binned distributions.
 * Two PSI conventions exist and both are needed: ours (`psi_refq`, ε = 1e-4 for empty bins,
 * Σ (cur − ref)·ln(cur/ref)) and Evidently's (zero fill from the smallest non-zero share,
 * Σ (ref − cur)·ln(ref/cur)); they are the same sum when no bin is empty.
 */
import { numpySum } from './summation.ts';

/** Share given to an empty bin by our PSI, so ln(p/q) stays finite (no renormalisation). */
export const PSI_EPSILON = 1e-4;

/** Proportions count/n. */
export function proportions(counts: readonly number[], total: number): number[] {
  return counts.map((count) => count / total);
}

/** Our PSI from bin counts: p = count/n, an empty bin's p is 1e-4, Σ (p_cur − p_ref)·ln(p_cur/p_ref). */
export function psiFromCounts(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
  referenceTotal: number,
  currentTotal: number,
): number {
  const terms = referenceCounts.map((refCount, i) => {
    const curCount = currentCounts[i] ?? 0;
    const pRef = refCount === 0 ? PSI_EPSILON : refCount / referenceTotal;
    const pCur = curCount === 0 ? PSI_EPSILON : curCount / currentTotal;
    return (pCur - pRef) * Math.log(pCur / pRef);
  });
  return numpySum(terms);
}

/**
 * Evidently's zero fill (`get_binned_data(feel_zeroes=True)`): each zero share becomes the
 * smallest non-zero share / 10⁶ when that is <= 1e-4, else 1e-4.
 */
export function fillZeroShares(shares: readonly number[]): number[] {
  let minNonZero = Infinity;
  for (const share of shares) if (share !== 0 && share < minNonZero) minNonZero = share;
  const fill = minNonZero <= 0.0001 ? minNonZero / 10 ** 6 : 0.0001;
  return shares.map((share) => (share === 0 ? fill : share));
}

/** Evidently's PSI of two share vectors (already zero-filled): Σ (ref − cur)·ln(ref/cur). */
export function evidentlyPsi(
  referenceShares: readonly number[],
  currentShares: readonly number[],
): number {
  return numpySum(
    referenceShares.map((ref, i) => {
      const cur = currentShares[i] ?? 0;
      return (ref - cur) * Math.log(ref / cur);
    }),
  );
}

/** scipy's `rel_entr(x, y)`: x·ln(x/y), 0 at x = 0, +∞ when only y is 0. */
function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/**
 * Jensen–Shannon distance `scipy.spatial.distance.jensenshannon(p, q, base)`: both vectors are
 * normalised, m = (p+q)/2, JS = √((KL(p‖m) + KL(q‖m))/2), natural log unless `base` is given
 * (base 2 bounds it by 1). Raw shares, no ε.
 */
export function jensenShannonDistance(
  p: readonly number[],
  q: readonly number[],
  base?: number,
): number {
  const pSum = numpySum(p);
  const qSum = numpySum(q);
  const pn = p.map((x) => x / pSum);
  const qn = q.map((x) => x / qSum);
  const m = pn.map((x, i) => (x + (qn[i] ?? 0)) / 2);
  const left = numpySum(pn.map((x, i) => relativeEntropy(x, m[i] ?? 0)));
  const right = numpySum(qn.map((x, i) => relativeEntropy(x, m[i] ?? 0)));
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2);
}
