/**
 * Every statistic of one categorical column (reference vs current) and Evidently's scores.
 */
import { categoryValueCounts, type ValueCounts } from '../statistics/binning.ts';
import {
  chi2Contingency,
  chisquareGoodnessOfFit,
  type Chi2ContingencyResult,
} from '../statistics/chi2.ts';
import {
  evidentlyPsi,
  fillZeroShares,
  jensenShannonDistance,
  proportions,
  psiFromCounts,
} from '../statistics/divergence.ts';
import type { DriftTestName } from './evidently-rules.ts';
import { zTestPValue } from '../statistics/z-test.ts';

/** Every statistic drift.json reports for a categorical column. */
export interface CategoricalStatistics {
  /** Counts per category over the sorted union of observed categories. */
  counts: ValueCounts<string>;
  /** Contingency χ² with Yates' correction on 2×2 (scipy's default). */
  chi2: Chi2ContingencyResult;
  /** PSI with one bin per category, ε = 1e-4 for a category missing on one side. */
  psi: number;
  js_distance: number;
  js_distance_base2: number;
  /** Distinct categories of reference and current together. */
  n_values: number;
}

/** All statistics of two non-empty category count maps. */
export function categoricalStatistics(
  reference: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): CategoricalStatistics {
  const counts = categoryValueCounts(reference, current);
  const nRef = counts.reference.reduce((s, c) => s + c, 0);
  const nCur = counts.current.reduce((s, c) => s + c, 0);
  if (nRef === 0 || nCur === 0) {
    throw new RangeError('Drift statistics need a non-empty reference and current sample.');
  }
  const pRef = proportions(counts.reference, nRef);
  const pCur = proportions(counts.current, nCur);
  return {
    counts,
    chi2: chi2Contingency(counts.reference, counts.current),
    psi: psiFromCounts(counts.reference, counts.current, nRef, nCur),
    js_distance: jensenShannonDistance(pRef, pCur),
    js_distance_base2: jensenShannonDistance(pRef, pCur, 2),
    n_values: counts.keys.length,
  };
}

/**
 * Evidently's score of `test` for a categorical column. `ks` and `wasserstein` need an order
 * and distances between values, which categories do not have.
 */
export function evidentlyCategoricalScore(
  test: DriftTestName,
  statistics: CategoricalStatistics,
): number {
  const { counts } = statistics;
  switch (test) {
    case 'chisquare':
      return chisquareGoodnessOfFit(counts.reference, counts.current).p_value;
    case 'z':
      return zTestPValue(counts.reference, counts.current);
    case 'jensenshannon':
      return statistics.js_distance;
    case 'psi': {
      const nRef = counts.reference.reduce((s, c) => s + c, 0);
      const nCur = counts.current.reduce((s, c) => s + c, 0);
      return evidentlyPsi(
        fillZeroShares(proportions(counts.reference, nRef)),
        fillZeroShares(proportions(counts.current, nCur)),
      );
    }
    case 'ks':
    case 'wasserstein':
      throw new RangeError(`The ${test} test needs a numerical column.`);
  }
}
