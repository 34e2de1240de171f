/**
 * Evidently's rules for choosing a drift test, its threshold and its verdict (legacy API,
 * evidently 0.7.21: `stattests/registry.py::_get_default_stattest`, the `*_stattest.py`
 * modules, `calculations/data_drift.py::get_dataset_drift`).
 */

/** Evidently's names of the tests modelgate runs. */
export const DRIFT_TESTS = ['ks', 'wasserstein', 'jensenshannon', 'chisquare', 'z', 'psi'] as const;
/** One of `DRIFT_TESTS`. */
export type DriftTestName = (typeof DRIFT_TESTS)[number];

/** Evidently's column types (categorical includes numbers with few distinct values). */
export type FeatureType = 'numerical' | 'categorical';

/** Whether a test's score is a p-value (small means drift) or a distance (large means drift). */
export function scoreKind(test: DriftTestName): 'p_value' | 'distance' {
  return test === 'ks' || test === 'chisquare' || test === 'z' ? 'p_value' : 'distance';
}

/** `StatTest.default_threshold`: 0.05 for the p-value tests, 0.1 for the distances. */
export function defaultThreshold(test: DriftTestName): number {
  return scoreKind(test) === 'p_value' ? 0.05 : 0.1;
}

/**
 * Evidently's default test for one column: n_values is the number of distinct values of
 * reference and current together, `referenceRows` the reference size (both after dropping
 * null/NaN/±inf).
 */
export function defaultTest(
  type: FeatureType,
  referenceRows: number,
  nValues: number,
): DriftTestName {
  const numericalWithManyValues = type === 'numerical' && nValues > 5;
  if (referenceRows <= 1000) {
    if (numericalWithManyValues) return 'ks';
    return nValues > 2 ? 'chisquare' : 'z';
  }
  return numericalWithManyValues ? 'wasserstein' : 'jensenshannon';
}

/**
 * Each test's own comparison: ks drifts at p <= threshold, chisquare and z at p < threshold,
 * the distances at score >= threshold. A NaN score never counts as drift.
 */
export function isDrifted(test: DriftTestName, score: number, threshold: number): boolean {
  switch (test) {
    case 'ks':
      return score <= threshold;
    case 'chisquare':
    case 'z':
      return score < threshold;
    case 'wasserstein':
    case 'jensenshannon':
    case 'psi':
      return score >= threshold;
  }
}

/** Evidently's default share of drifted columns at which the dataset counts as drifted. */
export const DEFAULT_DRIFT_SHARE = 0.5;

/** The dataset-level drift verdict over the tested columns. */
export interface DatasetVerdict {
  number_of_columns: number;
  number_of_drifted_columns: number;
  share_of_drifted_columns: number;
  dataset_drift: boolean;
}

/** `get_dataset_drift`: share = drifted / columns, dataset drift when share >= drift_share. */
export function datasetVerdict(
  drifted: readonly boolean[],
  driftShare = DEFAULT_DRIFT_SHARE,
): DatasetVerdict {
  const number = drifted.filter(Boolean).length;
  const share = drifted.length === 0 ? 0 : number / drifted.length;
  return {
    number_of_columns: drifted.length,
    number_of_drifted_columns: number,
    share_of_drifted_columns: share,
    dataset_drift: drifted.length > 0 && share >= driftShare,
  };
}
