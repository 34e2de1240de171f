/**
 * Evidently's `z` test: a two-proportion z-test on "is the first key" vs "is any other key".
 */
import { normalCdf } from '../../math/special-functions.ts';

/**
 * p-value of the pooled two-proportion z-test. `referenceCounts` / `currentCounts` are counts
 * per key in sorted key order; key 0 maps to 0 and every other key to 1 (Evidently's encoding).
 * Both samples consisting of the same single value gives p = 1. The p-value is computed as
 * Evidently writes it, 2·(1 − Φ(|z|)), so it is 0 where Φ rounds to 1.
 */
export function zTestPValue(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
): number {
  const nonZero = (counts: readonly number[]): number => counts.filter((c) => c > 0).length;
  if (
    referenceCounts.length === 1 ||
    (nonZero(referenceCounts) === 1 &&
      nonZero(currentCounts) === 1 &&
      referenceCounts.findIndex((c) => c > 0) === currentCounts.findIndex((c) => c > 0))
  ) {
    return 1;
  }
  const n1 = referenceCounts.reduce((s, c) => s + c, 0);
  const n2 = currentCounts.reduce((s, c) => s + c, 0);
  const p1 = (n1 - (referenceCounts[0] ?? 0)) / n1;
  const p2 = (n2 - (currentCounts[0] ?? 0)) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return 2 * (1 - normalCdf(Math.abs(z)));
}
