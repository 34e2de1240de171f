import { describe, expect, it } from 'vitest';
import {
  classificationReport,
  type ClassificationReport,
} from '../../../src/core/metrics/classification-report.ts';
import { regressionReport } from '../../../src/core/metrics/regression-report.ts';
import { r2Score } from '../../../src/core/metrics/regression.ts';
import { isExpectedError, mismatches } from '../../support/golden.ts';
import { classificationCases, regressionCases } from './golden-cases.ts';

/**
 * Every public golden case of ../shared/refdata/public/metrics.json (scikit-learn 1.2.1), each
 * as its own test. Where sklearn raises, the report must give `null` and a warning naming the
 * metric; everything else must be within the case's tolerance.
 */

const SCORE_KEYS = [
  'roc_auc',
  'log_loss',
  'roc_auc_ovr_macro',
  'roc_auc_ovr_weighted',
  'roc_auc_ovo_macro',
];

function averages(report: ClassificationReport, binary: boolean) {
  const m = report.metrics;
  return {
    per_class: report.per_class,
    macro: { precision: m.precision_macro, recall: m.recall_macro, f1: m.f1_macro },
    weighted: { precision: m.precision_weighted, recall: m.recall_weighted, f1: m.f1_weighted },
    micro: { precision: m.precision_micro, recall: m.recall_micro, f1: m.f1_micro },
    ...(binary ? { binary: { precision: m.precision, recall: m.recall, f1: m.f1 } } : {}),
  };
}

/** Splits the expected values into sklearn errors (by key) and values to compare. */
function splitErrors(expected: Record<string, unknown>) {
  const errors = Object.keys(expected).filter((key) => isExpectedError(expected[key]));
  const values = Object.fromEntries(
    Object.entries(expected).filter(([key]) => !errors.includes(key)),
  );
  return { errors, values };
}

describe('classification golden cases (sklearn 1.2.1)', () => {
  it.each(classificationCases.map((c) => [c.golden.id, c] as const))(
    '%s',
    (_id, { golden, task, input }) => {
      const zd0 = classificationReport({ ...input, zeroDivision: 0 });
      const zd1 = classificationReport({ ...input, zeroDivision: 1 });
      const binary = task === 'binary';
      const actual: Record<string, unknown> = {
        labels: zd0.labels,
        accuracy: zd0.metrics.accuracy,
        confusion_matrix: zd0.confusion_matrix,
        zd0: averages(zd0, binary),
        zd1: averages(zd1, binary),
      };
      for (const key of SCORE_KEYS) if (key in zd0.metrics) actual[key] = zd0.metrics[key];

      const { errors, values } = splitErrors(golden.expected);
      const expectedLabels = asStrings(values.labels);
      expect(mismatches(actual, { ...values, labels: expectedLabels }, golden.tol)).toEqual([]);
      // Score metrics the case defines have values; the others are there, null (no probabilities).
      for (const key of SCORE_KEYS.filter((k) => !(k in golden.expected))) {
        if (key in zd0.metrics) expect(zd0.metrics[key], key).toBeNull();
      }
      for (const key of errors) {
        expect(zd0.metrics[key], key).toBeNull();
        expect(zd0.warnings.some((line) => line.startsWith(`${key} is undefined`))).toBe(true);
      }
      for (const report of [zd0, zd1]) {
        for (const value of Object.values(report.metrics))
          if (value !== null) expect(Number.isFinite(value)).toBe(true);
      }
    },
  );
});

/** Expected labels are numbers or strings in the vectors; ours are always strings. */
function asStrings(labels: unknown): unknown {
  return Array.isArray(labels) ? labels.map(String) : labels;
}

describe('regression golden cases (sklearn 1.2.1)', () => {
  it.each(regressionCases.map((c) => [c.golden.id, c] as const))(
    '%s',
    (_id, { golden, yTrue, yPred }) => {
      // Low level: the raw functions return what sklearn returns, NaN and ±Infinity included.
      const raw = {
        r2: r2Score(yTrue, yPred),
        r2_force_finite_false: r2Score(yTrue, yPred, { forceFinite: false }),
      };
      expect(
        mismatches(
          raw,
          { r2: golden.expected.r2, r2_force_finite_false: golden.expected.r2_force_finite_false },
          golden.tol,
        ),
      ).toEqual([]);

      // Report level: every metric finite or null-with-warning.
      const report = regressionReport({ yTrue, yPred });
      const expected = {
        mae: golden.expected.mae,
        mse: golden.expected.mse,
        rmse: golden.expected.rmse,
      };
      expect(mismatches(report.metrics, expected, golden.tol)).toEqual([]);
      if (golden.expected.r2 === 'NaN') {
        expect(report.metrics.r2).toBeNull();
        expect(report.warnings).toEqual([
          expect.stringMatching(/^r2 is undefined: it needs at least two samples/),
        ]);
      } else {
        expect(mismatches(report.metrics, { r2: golden.expected.r2 }, golden.tol)).toEqual([]);
        expect(report.warnings).toEqual([]);
      }
    },
  );
});
