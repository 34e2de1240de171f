import { describe, expect, it } from 'vitest';
import { driftReport, DriftReportSchema } from '../../../src/core/drift/index.ts';
import type { Column, Table } from '../../../src/data/table.ts';
import { loadGoldenCases, mismatches, type GoldenCase } from '../../support/golden.ts';

/**
 * The whole report pipeline (`driftReport` on tables) against the public vectors: the dataset
 * cases' per-column tests and verdict, and every single-column case's default test, score,
 * threshold and verdict as the report states them.
 */

const cases = [...loadGoldenCases('drift.json'), ...loadGoldenCases('drift_large.json')];

function column(name: string, type: unknown, values: unknown): Column {
  if (!Array.isArray(values)) throw new Error(`column ${name}: expected an array`);
  if (type === 'categorical') {
    return {
      name,
      kind: 'categorical',
      values: values.map((x: unknown) => (typeof x === 'string' ? x : null)),
    };
  }
  return {
    name,
    kind: 'numeric',
    values: Float64Array.from(values, (x: unknown) => (typeof x === 'number' ? x : NaN)),
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

interface ColumnInput {
  name: string;
  type: string;
  reference: unknown;
  current: unknown;
}

function columnInputs(c: GoldenCase): ColumnInput[] {
  const columns = c.inputs.columns;
  if (!Array.isArray(columns)) throw new Error(`${c.id}: inputs.columns is not an array`);
  return columns.map(
    (col: { name: string; type: string; reference: unknown; current: unknown }) => col,
  );
}

describe('dataset drift matches the Evidently rules', () => {
  it.each(cases.filter((c) => c.type === 'dataset').map((c) => [c.id, c] as const))(
    '%s',
    (_id, c) => {
      const inputs = columnInputs(c);
      const driftShare =
        typeof c.inputs.drift_share === 'number' ? c.inputs.drift_share : undefined;
      const report = driftReport({
        reference: table(
          'reference.csv',
          inputs.map((i) => column(i.name, i.type, i.reference)),
        ),
        current: table(
          'current.csv',
          inputs.map((i) => column(i.name, i.type, i.current)),
        ),
        options: driftShare === undefined ? {} : { driftShare },
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
      // Dataset cases carry no tol of their own for nested paths beyond '*'; scores are p-values
      // or distances, compared with the case's tolerance map.
      expect(mismatches(actual, c.expected, c.tol)).toEqual([]);
    },
  );
});

describe('the report states each column case as the vectors do', () => {
  it.each(
    cases
      .filter((c) => c.type === 'numerical' || c.type === 'categorical')
      .map((c) => [c.id, c] as const),
  )('%s', (_id, c) => {
    const report = driftReport({
      reference: table('reference.csv', [column('x', c.type, c.inputs.reference)]),
      current: table('current.csv', [column('x', c.type, c.inputs.current)]),
    });
    const [feature] = report.features;
    const expected = c.expected;
    const evidently = expected.evidently as { default: Record<string, unknown> };
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
      evidently: { default: evidently.default },
    };
    if (c.type === 'numerical') {
      const ks = expected.ks as Record<string, unknown>;
      const psi = expected.psi_refq as Record<string, unknown>;
      actual.ks = {
        statistic: feature?.ks?.statistic,
        pvalue: feature?.ks?.p_value,
        method: feature?.ks?.method,
      };
      wanted.ks = { statistic: ks.statistic, pvalue: ks.pvalue, method: ks.method };
      actual.wasserstein = feature?.wasserstein;
      wanted.wasserstein = expected.wasserstein;
      actual.psi_refq = { psi: feature?.psi, js_distance_base_e: feature?.js_distance };
      wanted.psi_refq = { psi: psi.psi, js_distance_base_e: psi.js_distance_base_e };
    } else {
      const chi2 = expected.chi2 as Record<string, unknown>;
      const psi = expected.psi_cat as Record<string, unknown>;
      actual.chi2 = {
        statistic: feature?.chi2?.statistic,
        pvalue: feature?.chi2?.p_value,
        dof: feature?.chi2?.dof,
      };
      wanted.chi2 = { statistic: chi2.statistic, pvalue: chi2.pvalue, dof: chi2.dof };
      actual.psi_cat = { psi: feature?.psi, js_distance_base_e: feature?.js_distance };
      wanted.psi_cat = { psi: psi.psi, js_distance_base_e: psi.js_distance_base_e };
    }
    expect(mismatches(actual, wanted, c.tol)).toEqual([]);
    expect(report.dataset_drift).toBe(feature?.drifted);
  });
});
