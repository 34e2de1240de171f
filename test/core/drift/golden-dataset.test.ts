import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { driftReport, DriftReportSchema } from '../../../src/core/drift/index.ts';
import type { Column, Table } from '../../../src/core/table.ts';
import { loadGoldenCases, mismatches } from '../../support/golden.ts';

/**
 * The whole report pipeline (`driftReport` on tables) against the public vectors: the dataset
 * cases' per-column tests and verdict, and every single-column case's default test, score,
 * threshold and verdict as the report states them.
 */

const cases = [...loadGoldenCases('drift.json'), ...loadGoldenCases('drift_large.json')];

function column(name: string, type: string, values: readonly unknown[]): Column {
  if (type === 'categorical') {
    return {
      name,
      kind: 'categorical',
      values: values.map((x) => (typeof x === 'string' ? x : null)),
    };
  }
  // null in the vectors is NaN, which the report must drop.
  return {
    name,
    kind: 'numeric',
    values: Float64Array.from(values, (x) => (typeof x === 'number' ? x : NaN)),
  };
}

function table(path: string, columns: Column[]): Table {
  return {
    path,
    sha256: '0'.repeat(64),
    rows: Math.max(...columns.map((c) => c.values.length)),
    columns,
  };
}

const ColumnInputsSchema = z.array(
  z.object({
    name: z.string(),
    type: z.string(),
    reference: z.array(z.unknown()),
    current: z.array(z.unknown()),
  }),
);
const ColumnCaseInputsSchema = z.object({
  reference: z.array(z.unknown()),
  current: z.array(z.unknown()),
});

/** The expected values compared here; golden-columns.test.ts covers every other statistic. */
const ExpectedColumnSchema = z.looseObject({
  n_ref_clean: z.number(),
  n_cur_clean: z.number(),
  evidently: z.looseObject({ default: z.record(z.string(), z.unknown()) }),
  wasserstein: z.number().optional(),
  ks: z.looseObject({ statistic: z.number(), pvalue: z.number(), method: z.string() }).optional(),
  psi_refq: z.looseObject({ psi: z.number(), js_distance_base_e: z.number() }).optional(),
  chi2: z.looseObject({ statistic: z.number(), pvalue: z.number(), dof: z.number() }).optional(),
  psi_cat: z.looseObject({ psi: z.number(), js_distance_base_e: z.number() }).optional(),
});

describe('dataset drift matches the Evidently rules', () => {
  it.each(cases.filter((c) => c.type === 'dataset').map((c) => [c.id, c] as const))(
    '%s',
    (_id, c) => {
      const inputs = ColumnInputsSchema.parse(c.inputs.columns);
      const driftShare = z.number().parse(c.inputs.drift_share);
      const report = driftReport({
        reference: table(
          'reference.csv',
          inputs.map((i) => column(i.name, i.type, i.reference)),
        ),
        current: table(
          'current.csv',
          inputs.map((i) => column(i.name, i.type, i.current)),
        ),
        options: { driftShare },
      });
      expect(DriftReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
      const actual = {
        columns: Object.fromEntries(
          report.features.map((f) => [
            f.name,
            {
              test: f.test,
              score: f.score,
              threshold: f.threshold,
              drifted: f.drifted,
              n_values_combined: f.n_values,
            },
          ]),
        ),
        number_of_drifted_columns: report.number_of_drifted_columns,
        share_of_drifted_columns: report.share_of_drifted_columns,
        dataset_drift: report.dataset_drift,
      };
      expect(mismatches(actual, c.expected, c.tol)).toEqual([]);
    },
  );
});

describe('the report states each column case as the vectors do', () => {
  const columnCases = cases.filter((c) => c.type === 'numerical' || c.type === 'categorical');
  it.each(columnCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const type = String(c.type);
    const inputs = ColumnCaseInputsSchema.parse(c.inputs);
    const report = driftReport({
      reference: table('reference.csv', [column('x', type, inputs.reference)]),
      current: table('current.csv', [column('x', type, inputs.current)]),
    });
    const [feature] = report.features;
    const expected = ExpectedColumnSchema.parse(c.expected);
    const actual: Record<string, unknown> = {
      n_ref_clean: feature?.n_reference,
      n_cur_clean: feature?.n_current,
      evidently: {
        default: {
          test: feature?.test,
          score: feature?.score ?? NaN,
          threshold: feature?.threshold,
          drifted: feature?.drifted,
          n_values_combined: feature?.n_values,
        },
      },
    };
    const wanted: Record<string, unknown> = {
      n_ref_clean: expected.n_ref_clean,
      n_cur_clean: expected.n_cur_clean,
      evidently: { default: expected.evidently.default },
    };
    if (type === 'numerical') {
      actual.ks = {
        statistic: feature?.ks?.statistic,
        pvalue: feature?.ks?.p_value,
        method: feature?.ks?.method,
      };
      wanted.ks = {
        statistic: expected.ks?.statistic,
        pvalue: expected.ks?.pvalue,
        method: expected.ks?.method,
      };
      actual.wasserstein = feature?.wasserstein;
      wanted.wasserstein = expected.wasserstein;
      actual.psi_refq = { psi: feature?.psi, js_distance_base_e: feature?.js_distance };
      wanted.psi_refq = {
        psi: expected.psi_refq?.psi,
        js_distance_base_e: expected.psi_refq?.js_distance_base_e,
      };
    } else {
      actual.chi2 = {
        statistic: feature?.chi2?.statistic,
        pvalue: feature?.chi2?.p_value,
        dof: feature?.chi2?.dof,
      };
      wanted.chi2 = {
        statistic: expected.chi2?.statistic,
        pvalue: expected.chi2?.pvalue,
        dof: expected.chi2?.dof,
      };
      actual.psi_cat = { psi: feature?.psi, js_distance_base_e: feature?.js_distance };
      wanted.psi_cat = {
        psi: expected.psi_cat?.psi,
        js_distance_base_e: expected.psi_cat?.js_distance_base_e,
      };
    }
    expect(mismatches(actual, wanted, c.tol)).toEqual([]);
    expect(report.dataset_drift).toBe(feature?.drifted);
  });
});
