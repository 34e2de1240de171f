/**
 * The drift report: every column of reference vs current, each decided by Evidently's default
 * test (or the one asked for), and the dataset verdict.
 */
import { DRIFT_SCHEMA } from '../constants.ts';
import { InputError } from '../errors.ts';
import { categoricalStatistics, evidentlyCategoricalScore } from './columns/categorical-drift.ts';
import { sampleSize, type ColumnSample, type DroppedCounts } from './samples/column-sample.ts';
import type { DriftFeature, DriftReport } from './drift-report-schema.ts';
import {
  DEFAULT_DRIFT_SHARE,
  datasetVerdict,
  defaultTest,
  defaultThreshold,
  isDrifted,
  type DriftTestName,
} from './columns/evidently-rules.ts';
import { categoricalHistogram, numericalHistogram } from './columns/histogram.ts';
import { evidentlyNumericalScore, numericalStatistics } from './columns/numerical-drift.ts';
import { summarize } from './statistics/summary.ts';
import {
  requireColumns,
  sideColumns,
  type DriftSide,
  type SideColumns,
} from './samples/report-sides.ts';

export { DriftReportSchema, DriftFeatureSchema } from './drift-report-schema.ts';
export type { DriftFeature, DriftReport, DriftHistogram } from './drift-report-schema.ts';
export type { DriftSide } from './samples/report-sides.ts';

/** Overrides of Evidently's defaults: types, test, threshold and dataset share. */
export interface DriftOptions {
  /** Columns to compare as categories even when their values are numbers. */
  categorical?: readonly string[];
  /** Test to use instead of Evidently's default choice (for `columns`, else every column it applies to). */
  method?: DriftTestName;
  /** Columns `method` and `threshold` apply to; all columns when omitted. */
  columns?: readonly string[];
  /** Threshold instead of the test's default (a p-value for ks/chisquare/z, else a distance). */
  threshold?: number;
  /** Dataset drift when at least this share of tested columns drifted (default 0.5). */
  driftShare?: number;
}

/** The two sides to compare and the options. */
export interface DriftInput {
  reference: DriftSide;
  current: DriftSide;
  options?: DriftOptions;
}

const NUMERICAL_ONLY: ReadonlySet<DriftTestName> = new Set(['ks', 'wasserstein']);

function validateOptions(options: DriftOptions): void {
  const { threshold, driftShare } = options;
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold > 0)) {
    throw new InputError(`The drift threshold must be a positive number, got ${threshold}.`);
  }
  if (driftShare !== undefined && !(driftShare >= 0 && driftShare <= 1)) {
    throw new InputError(`The drift share must be a number between 0 and 1, got ${driftShare}.`);
  }
  if (options.columns !== undefined && options.method === undefined && threshold === undefined) {
    throw new InputError(
      'A list of columns only applies with a method or a threshold to use on them.',
    );
  }
}

const NO_DROPS: DroppedCounts = { missing: 0, infinite: 0 };

function errorFeature(
  name: string,
  type: DriftFeature['type'],
  error: string,
  reference: ColumnSample | undefined,
  current: ColumnSample | undefined,
): DriftFeature {
  return {
    name,
    type,
    status: 'error',
    error,
    n_reference: reference ? sampleSize(reference) : 0,
    n_current: current ? sampleSize(current) : 0,
    dropped: { reference: reference?.dropped ?? NO_DROPS, current: current?.dropped ?? NO_DROPS },
    test: null,
    score: null,
    threshold: null,
    drifted: false,
  };
}

function describeDrops(dropped: DroppedCounts): string {
  const parts = [];
  if (dropped.missing > 0) parts.push(`${dropped.missing} missing`);
  if (dropped.infinite > 0) parts.push(`${dropped.infinite} infinite`);
  return parts.length === 0 ? 'it has no rows' : `all ${parts.join(' and ')} values were dropped`;
}

interface Choice {
  test: DriftTestName;
  threshold: number;
}

/** The test and threshold for a column: the requested ones where they apply, else Evidently's. */
function chooseTest(
  name: string,
  sample: ColumnSample,
  nValues: number,
  referenceRows: number,
  options: DriftOptions,
  warnings: Set<string>,
): Choice {
  const selected = options.columns === undefined || options.columns.includes(name);
  let test = defaultTest(sample.type, referenceRows, nValues);
  if (selected && options.method !== undefined) {
    if (sample.type === 'categorical' && NUMERICAL_ONLY.has(options.method)) {
      if (options.columns !== undefined) {
        throw new InputError(
          `The ${options.method} test needs numerical columns, but '${name}' is categorical; choose chisquare, z, jensenshannon or psi for it.`,
        );
      }
      warnings.add(
        `The ${options.method} test applies to numerical columns only; categorical columns keep their default test.`,
      );
    } else {
      test = options.method;
    }
  }
  const threshold =
    selected && options.threshold !== undefined ? options.threshold : defaultThreshold(test);
  return { test, threshold };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function testedFeature(
  name: string,
  reference: ColumnSample,
  current: ColumnSample,
  options: DriftOptions,
  warnings: Set<string>,
): DriftFeature {
  const base = {
    name,
    type: reference.type,
    status: 'ok' as const,
    n_reference: sampleSize(reference),
    n_current: sampleSize(current),
    dropped: { reference: reference.dropped, current: current.dropped },
  };
  if (reference.type === 'numerical' && current.type === 'numerical') {
    const stats = numericalStatistics(reference.sorted, current.sorted);
    // Evidently chooses by the reference size; a sampled profile stands for its whole population.
    const { test, threshold } = chooseTest(
      name,
      reference,
      stats.n_values,
      reference.population,
      options,
      warnings,
    );
    const score = evidentlyNumericalScore(test, reference.sorted, current.sorted, stats);
    const sampled =
      reference.population > reference.sorted.length || current.population > current.sorted.length;
    return {
      ...base,
      ...(sampled
        ? { population: { reference: reference.population, current: current.population } }
        : {}),
      test,
      score: finiteOrNull(score),
      threshold,
      drifted: isDrifted(test, score, threshold),
      n_values: stats.n_values,
      summary: {
        reference: reference.summary ?? summarize(reference.sorted),
        current: current.summary ?? summarize(current.sorted),
      },
      ks: stats.ks,
      wasserstein: stats.wasserstein,
      wasserstein_norm: stats.wasserstein_norm,
      psi: stats.quantile_bins.psi,
      js_distance: stats.quantile_bins.js_distance,
      histogram: numericalHistogram(reference.sorted, current.sorted),
    };
  }
  if (reference.type === 'categorical' && current.type === 'categorical') {
    const stats = categoricalStatistics(reference.counts, current.counts);
    const { test, threshold } = chooseTest(
      name,
      reference,
      stats.n_values,
      reference.total,
      options,
      warnings,
    );
    const score = evidentlyCategoricalScore(test, stats);
    return {
      ...base,
      test,
      score: finiteOrNull(score),
      threshold,
      drifted: isDrifted(test, score, threshold),
      n_values: stats.n_values,
      chi2: { statistic: stats.chi2.statistic, p_value: stats.chi2.p_value, dof: stats.chi2.dof },
      psi: stats.psi,
      js_distance: stats.js_distance,
      histogram: categoricalHistogram(stats.counts),
    };
  }
  throw new RangeError('testedFeature needs two samples of the same type.');
}

function columnFeature(
  name: string,
  reference: SideColumns,
  current: SideColumns,
  options: DriftOptions,
  warnings: Set<string>,
): DriftFeature {
  const ref = reference.columns.get(name);
  const cur = current.columns.get(name);
  const refSample = ref && !('error' in ref) ? ref : undefined;
  const curSample = cur && !('error' in cur) ? cur : undefined;
  const type = (refSample ?? curSample)?.type ?? 'numerical';
  if (ref === undefined)
    return errorFeature(
      name,
      type,
      'The column is only in the current data.',
      undefined,
      curSample,
    );
  if (cur === undefined)
    return errorFeature(
      name,
      type,
      'The column is missing from the current data.',
      refSample,
      undefined,
    );
  if ('error' in ref)
    return errorFeature(name, type, `In the reference, ${ref.error}.`, undefined, curSample);
  if ('error' in cur)
    return errorFeature(name, type, `In the current data, ${cur.error}.`, refSample, undefined);
  // Emptiness before types: a column without a single value reads as numerical (pandas
  // reads it as float64), so it matches either type and is reported as having nothing to test.
  const emptyType = sampleSize(ref) > 0 ? ref.type : cur.type;
  if (sampleSize(ref) === 0)
    return errorFeature(
      name,
      emptyType,
      `No reference values to test: ${describeDrops(ref.dropped)}.`,
      ref,
      cur,
    );
  if (sampleSize(cur) === 0)
    return errorFeature(
      name,
      emptyType,
      `No current values to test: ${describeDrops(cur.dropped)}.`,
      ref,
      cur,
    );
  if (ref.type !== cur.type) {
    return errorFeature(
      name,
      ref.type,
      `The column is ${ref.type} in the reference but ${cur.type} in the current data (a value that is not a number?); list it as categorical to compare categories.`,
      ref,
      cur,
    );
  }
  return testedFeature(name, ref, cur, options, warnings);
}

/**
 * Compares every column of `current` with `reference` (tables or profiles). Columns on one
 * side only, of different types, or empty after dropping null/NaN/±inf become `error` entries;
 * they are listed but do not count toward the dataset verdict.
 */
export function driftReport(input: DriftInput): DriftReport {
  const options = input.options ?? {};
  validateOptions(options);
  const categorical = new Set(options.categorical ?? []);
  const reference = sideColumns(input.reference, categorical);
  const current = sideColumns(input.current, categorical);
  requireColumns(options.categorical ?? [], 'The categorical list', reference, current);
  requireColumns(options.columns ?? [], 'The column list', reference, current);

  const names = [...new Set([...reference.columns.keys(), ...current.columns.keys()])];
  const warnings = new Set<string>();
  const features = names.map((name) => columnFeature(name, reference, current, options, warnings));
  const tested = features.filter((f) => f.status === 'ok');
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  const verdict = datasetVerdict(
    tested.map((f) => f.drifted),
    driftShare,
  );
  if (tested.length === 0)
    warnings.add('No column could be tested, so there is no dataset verdict.');
  return {
    schema: DRIFT_SCHEMA,
    dataset_drift: verdict.dataset_drift,
    drift_share: driftShare,
    number_of_columns: verdict.number_of_columns,
    number_of_drifted_columns: verdict.number_of_drifted_columns,
    share_of_drifted_columns: verdict.share_of_drifted_columns,
    reference: { source: reference.source, kind: reference.kind, rows: reference.rows },
    current: { source: current.source, kind: current.kind, rows: current.rows },
    features,
    warnings: [...warnings],
  };
}
