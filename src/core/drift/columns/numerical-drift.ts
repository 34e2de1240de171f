/**
 * Every statistic of one numerical column (reference vs current) and Evidently's scores.
 */
import {
  countByCuts,
  countDistinct,
  histogramCounts,
  numericValueCounts,
  quantileCuts,
  sturgesEdges,
} from '../statistics/binning.ts';
import { chisquareGoodnessOfFit } from '../statistics/chi2.ts';
import {
  evidentlyPsi,
  fillZeroShares,
  jensenShannonDistance,
  proportions,
  psiFromCounts,
} from '../statistics/divergence.ts';
import type { DriftTestName } from './evidently-rules.ts';
import { compareEcdfs } from '../statistics/ecdf-walk.ts';
import { ksTest, type KsResult } from '../statistics/ks-2samp.ts';
import { populationStd } from '../statistics/summary.ts';
import { zTestPValue } from '../statistics/z-test.ts';

/** PSI and JS distance on reference-quantile bins, with the bins for inspection. */
export interface QuantileBinStatistics {
  inner_edges: number[];
  reference_counts: number[];
  current_counts: number[];
  psi: number;
  js_distance: number;
  js_distance_base2: number;
}

/** Every statistic drift.json reports for a numerical column. */
export interface NumericalStatistics {
  ks: KsResult;
  wasserstein: number;
  /** Evidently's normalisation: W₁ / max(std_ref, 0.001). */
  wasserstein_norm: number;
  quantile_bins: QuantileBinStatistics;
  /** Distinct values of reference and current together (Evidently's `n_values`). */
  n_values: number;
}

/** PSI/JS on B reference-quantile bins (DEFINITIONS "psi_refq"). */
export function quantileBinStatistics(
  reference: Float64Array,
  current: Float64Array,
): QuantileBinStatistics {
  const cuts = quantileCuts(reference);
  const referenceCounts = countByCuts(reference, cuts);
  const currentCounts = countByCuts(current, cuts);
  const pRef = proportions(referenceCounts, reference.length);
  const pCur = proportions(currentCounts, current.length);
  return {
    inner_edges: cuts,
    reference_counts: referenceCounts,
    current_counts: currentCounts,
    psi: psiFromCounts(referenceCounts, currentCounts, reference.length, current.length),
    js_distance: jensenShannonDistance(pRef, pCur),
    js_distance_base2: jensenShannonDistance(pRef, pCur, 2),
  };
}

/** All statistics of two ascending, finite, non-empty samples. */
export function numericalStatistics(
  reference: Float64Array,
  current: Float64Array,
): NumericalStatistics {
  // Evidently (and scipy) raise on an empty sample; the report turns this case into an entry.
  if (reference.length === 0 || current.length === 0) {
    throw new RangeError('Drift statistics need a non-empty reference and current sample.');
  }
  const walk = compareEcdfs(reference, current);
  return {
    ks: ksTest(walk.ksStatistic, reference.length, current.length),
    wasserstein: walk.wasserstein,
    wasserstein_norm: walk.wasserstein / Math.max(populationStd(reference), 0.001),
    quantile_bins: quantileBinStatistics(reference, current),
    n_values: walk.distinct,
  };
}

/**
 * Evidently's shares for its PSI and JS tests (`get_binned_data`): Sturges histogram of the
 * pooled data when the reference has more than 20 distinct values, else value counts.
 */
export function evidentlyNumericalShares(
  reference: Float64Array,
  current: Float64Array,
): { reference: number[]; current: number[] } {
  if (countDistinct(reference) > 20) {
    const edges = sturgesEdges(reference, current);
    return {
      reference: proportions(histogramCounts(reference, edges), reference.length),
      current: proportions(histogramCounts(current, edges), current.length),
    };
  }
  const counts = numericValueCounts(reference, current);
  return {
    reference: proportions(counts.reference, reference.length),
    current: proportions(counts.current, current.length),
  };
}

/**
 * Evidently's score of `test` for a numerical column; `statistics` supplies what is already
 * computed (the KS p-value and the normalised Wasserstein distance).
 */
export function evidentlyNumericalScore(
  test: DriftTestName,
  reference: Float64Array,
  current: Float64Array,
  statistics: NumericalStatistics,
): number {
  switch (test) {
    case 'ks':
      return statistics.ks.p_value;
    case 'wasserstein':
      return statistics.wasserstein_norm;
    case 'jensenshannon': {
      const shares = evidentlyNumericalShares(reference, current);
      return jensenShannonDistance(shares.reference, shares.current);
    }
    case 'psi': {
      const shares = evidentlyNumericalShares(reference, current);
      return evidentlyPsi(fillZeroShares(shares.reference), fillZeroShares(shares.current));
    }
    case 'chisquare': {
      const counts = numericValueCounts(reference, current);
      return chisquareGoodnessOfFit(counts.reference, counts.current).p_value;
    }
    case 'z': {
      const counts = numericValueCounts(reference, current);
      return zTestPValue(counts.reference, counts.current);
    }
  }
}
