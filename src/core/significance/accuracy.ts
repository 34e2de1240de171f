import { mcnemarExact } from './mcnemar.ts';
import { clopperPearsonInterval, wilsonInterval, type Interval } from './proportion.ts';

/** Accuracy of both models with intervals, and the exact McNemar test of their difference. */
export interface AccuracyResult {
  readonly baseline: number;
  readonly candidate: number;
  /** candidate − baseline. */
  readonly diff: number;
  /** Wilson score intervals. */
  readonly baseline_ci: Interval;
  readonly candidate_ci: Interval;
  /** Clopper–Pearson intervals. */
  readonly baseline_ci_exact: Interval;
  readonly candidate_ci_exact: Interval;
  readonly test: 'mcnemar_exact';
  /** [n01, n10]: rows only the baseline got right, rows only the candidate got right. */
  readonly discordant: readonly [number, number];
  readonly p_value: number;
  readonly p_value_mid: number;
}

/**
 * Compares two classifiers' per-row correctness (1 = right) on the same n ≥ 1 rows, as the
 * accuracy section of DEFINITIONS.md defines it.
 */
export function compareAccuracy(
  baselineCorrect: Uint8Array,
  candidateCorrect: Uint8Array,
  alpha: number,
  z: number,
): AccuracyResult {
  const n = baselineCorrect.length;
  let kb = 0;
  let kc = 0;
  let n01 = 0;
  let n10 = 0;
  for (let i = 0; i < n; i++) {
    const b = baselineCorrect[i] === 1;
    const c = candidateCorrect[i] === 1;
    if (b) kb++;
    if (c) kc++;
    if (b && !c) n01++;
    else if (c && !b) n10++;
  }
  const test = mcnemarExact(n01, n10);
  return {
    baseline: kb / n,
    candidate: kc / n,
    diff: kc / n - kb / n,
    baseline_ci: wilsonInterval(kb, n, z),
    candidate_ci: wilsonInterval(kc, n, z),
    baseline_ci_exact: clopperPearsonInterval(kb, n, alpha),
    candidate_ci_exact: clopperPearsonInterval(kc, n, alpha),
    test: 'mcnemar_exact',
    discordant: [n01, n10],
    p_value: test.pValue,
    p_value_mid: test.pValueMid,
  };
}
