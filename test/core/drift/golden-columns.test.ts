import { describe, expect, it } from 'vitest';
import {
  categoricalSample,
  numericalSample,
} from '../../../src/core/drift/samples/column-sample.ts';
import {
  categoricalStatistics,
  evidentlyCategoricalScore,
} from '../../../src/core/drift/columns/categorical-drift.ts';
import { chi2Contingency } from '../../../src/core/drift/statistics/chi2.ts';
import {
  defaultTest,
  defaultThreshold,
  isDrifted,
  type DriftTestName,
} from '../../../src/core/drift/columns/evidently-rules.ts';
import { compareEcdfs } from '../../../src/core/drift/statistics/ecdf-walk.ts';
import {
  ksAsymptoticPValue,
  ksEffectiveN,
  ksLimitPValue,
} from '../../../src/core/drift/statistics/ks-2samp.ts';
import {
  evidentlyNumericalScore,
  numericalStatistics,
} from '../../../src/core/drift/columns/numerical-drift.ts';
import {
  isExpectedError,
  loadGoldenCases,
  mismatches,
  type GoldenCase,
} from '../../support/golden.ts';

/**
 * Every single-column case of the public drift vectors (scipy 1.10.1 and the Evidently rules of
 * DEFINITIONS.md), statistic by statistic, each as its own test.
 */

const cases = [...loadGoldenCases('drift.json'), ...loadGoldenCases('drift_large.json')];

function numbers(value: unknown): Float64Array {
  if (!Array.isArray(value)) throw new Error('expected an array of numbers');
  // null in the vectors is NaN, which the samples must drop.
  return Float64Array.from(value, (x: unknown) => (typeof x === 'number' ? x : NaN));
}

function strings(value: unknown): (string | null)[] {
  if (!Array.isArray(value)) throw new Error('expected an array of strings');
  return value.map((x: unknown) => (typeof x === 'string' ? x : null));
}

function evidentlyDefault(test: DriftTestName, score: number, nValues: number) {
  const threshold = defaultThreshold(test);
  return {
    test,
    score,
    threshold,
    drifted: isDrifted(test, score, threshold),
    n_values_combined: nValues,
  };
}

function numericalActual(c: GoldenCase) {
  const ref = numericalSample(numbers(c.inputs.reference));
  const cur = numericalSample(numbers(c.inputs.current));
  const a = ref.sorted;
  const b = cur.sorted;
  const stats = numericalStatistics(a, b);
  // D before the exact method snaps it to a multiple of 1 / lcm(n₁, n₂).
  const rawD = compareEcdfs(a, b).ksStatistic;
  const score = (test: DriftTestName) => evidentlyNumericalScore(test, a, b, stats);
  const test = defaultTest('numerical', a.length, stats.n_values);
  return {
    n_ref_clean: a.length,
    n_cur_clean: b.length,
    ks: {
      statistic: stats.ks.statistic,
      pvalue: stats.ks.p_value,
      method: stats.ks.method,
      pvalue_asymp: ksAsymptoticPValue(rawD, a.length, b.length),
      asymp_n_used: ksEffectiveN(a.length, b.length),
      pvalue_kolmogorov_limit: ksLimitPValue(rawD, a.length, b.length),
    },
    wasserstein: stats.wasserstein,
    psi_refq: {
      ref_counts: stats.quantile_bins.reference_counts,
      cur_counts: stats.quantile_bins.current_counts,
      psi: stats.quantile_bins.psi,
      js_distance_base_e: stats.quantile_bins.js_distance,
      js_distance_base_2: stats.quantile_bins.js_distance_base2,
      inner_edges: stats.quantile_bins.inner_edges,
    },
    evidently: {
      psi: score('psi'),
      jensenshannon: score('jensenshannon'),
      chisquare_p: score('chisquare'),
      z_p: score('z'),
      ks_p: score('ks'),
      wasserstein_norm: score('wasserstein'),
      default: evidentlyDefault(test, score(test), stats.n_values),
    },
  };
}

function categoricalActual(c: GoldenCase) {
  const ref = categoricalSample(strings(c.inputs.reference));
  const cur = categoricalSample(strings(c.inputs.current));
  const stats = categoricalStatistics(ref.counts, cur.counts);
  const noCorrection = chi2Contingency(stats.counts.reference, stats.counts.current, false);
  const score = (test: DriftTestName) => evidentlyCategoricalScore(test, stats);
  const test = defaultTest('categorical', ref.total, stats.n_values);
  return {
    n_ref_clean: ref.total,
    n_cur_clean: cur.total,
    categories: stats.counts.keys,
    table: [stats.counts.reference, stats.counts.current],
    chi2: {
      statistic: stats.chi2.statistic,
      pvalue: stats.chi2.p_value,
      dof: stats.chi2.dof,
      yates_applied: stats.chi2.yates_applied,
    },
    chi2_no_correction: { statistic: noCorrection.statistic, pvalue: noCorrection.p_value },
    psi_cat: {
      ref_counts: stats.counts.reference,
      cur_counts: stats.counts.current,
      psi: stats.psi,
      js_distance_base_e: stats.js_distance,
      js_distance_base_2: stats.js_distance_base2,
    },
    evidently: {
      psi: score('psi'),
      jensenshannon: score('jensenshannon'),
      chisquare_p: score('chisquare'),
      z_p: score('z'),
      default: evidentlyDefault(test, score(test), stats.n_values),
    },
  };
}

/** A case either matches every expected statistic or, where scipy/Evidently raise, throws. */
function check(c: GoldenCase, actual: (c: GoldenCase) => unknown): void {
  if (isExpectedError(c.expected)) {
    expect(() => actual(c)).toThrow();
    return;
  }
  expect(mismatches(actual(c), c.expected, c.tol)).toEqual([]);
}

describe('numerical columns match scipy and the Evidently rules', () => {
  it.each(cases.filter((c) => c.type === 'numerical').map((c) => [c.id, c] as const))(
    '%s',
    (_id, c) => check(c, numericalActual),
  );
});

describe('categorical columns match scipy and the Evidently rules', () => {
  it.each(cases.filter((c) => c.type === 'categorical').map((c) => [c.id, c] as const))(
    '%s',
    (_id, c) => check(c, categoricalActual),
  );
});

describe('an empty sample after dropping is an error, as in Evidently', () => {
  it('throws for numerical and categorical statistics', () => {
    expect(() =>
      numericalActual({
        id: 'x',
        description: '',
        inputs: { reference: [null, null], current: [1, 2] },
        expected: {},
        tol: {},
      }),
    ).toThrow('Drift statistics need a non-empty reference and current sample.');
    expect(() =>
      categoricalActual({
        id: 'x',
        description: '',
        inputs: { reference: ['a'], current: [null] },
        expected: {},
        tol: {},
      }),
    ).toThrow('Drift statistics need a non-empty reference and current sample.');
  });
});
