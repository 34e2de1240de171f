import { describe, expect, it } from 'vitest';
import {
  driftReport,
  DriftReportSchema,
  renderDriftMarkdown,
} from '../../../src/core/drift/index.ts';
import { orderBySeverity, sparklines } from '../../../src/core/drift/drift-markdown.ts';
import { seededRandom } from '../../../src/core/drift/samples/reservoir.ts';
import { InputError } from '../../../src/core/errors.ts';
import type { Column, Table } from '../../../src/core/table.ts';

function numeric(name: string, n: number, seed: number, shift = 0): Column {
  const random = seededRandom(seed);
  return {
    name,
    kind: 'numeric',
    values: Float64Array.from({ length: n }, () => random() + shift),
  };
}

function categorical(name: string, values: (string | null)[]): Column {
  return { name, kind: 'categorical', values };
}

function table(path: string, columns: Column[]): Table {
  return { path, sha256: 'cd'.repeat(32), rows: columns[0]?.values.length ?? 0, columns };
}

const n = 400;
const letters = (p: number, seed: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => (random() < p ? 'a' : 'b'));
};

const reference = table('train.csv', [
  numeric('stable', n, 1),
  numeric('shifted', n, 2),
  categorical('plan', letters(0.5, 3)),
  numeric('gone', n, 4),
  { name: 'empty', kind: 'numeric', values: new Float64Array(n).fill(NaN) },
]);
const current = table('prod.csv', [
  numeric('stable', n, 11),
  numeric('shifted', n, 12, 0.4),
  categorical('plan', letters(0.8, 13)),
  { name: 'empty', kind: 'numeric', values: new Float64Array(n).fill(NaN) },
  categorical('new', letters(0.5, 14)),
]);

describe('driftReport', () => {
  const report = driftReport({ reference, current });

  it('tests what it can, reports what it cannot, and decides the dataset on tested columns only', () => {
    expect(DriftReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
    const byName = Object.fromEntries(report.features.map((f) => [f.name, f]));
    expect(byName.stable).toMatchObject({
      status: 'ok',
      test: 'ks',
      threshold: 0.05,
      drifted: false,
    });
    expect(byName.shifted).toMatchObject({ status: 'ok', test: 'ks', drifted: true });
    expect(byName.plan).toMatchObject({
      status: 'ok',
      type: 'categorical',
      test: 'z',
      drifted: true,
    });
    expect(byName.gone).toMatchObject({
      status: 'error',
      error: 'The column is missing from the current data.',
    });
    expect(byName.new).toMatchObject({
      status: 'error',
      error: 'The column is only in the current data.',
    });
    expect(byName.empty).toMatchObject({
      status: 'error',
      error: `No reference values to test: all ${n} missing values were dropped.`,
      dropped: { reference: { missing: n, infinite: 0 }, current: { missing: n, infinite: 0 } },
    });
    expect([
      report.number_of_columns,
      report.number_of_drifted_columns,
      report.dataset_drift,
    ]).toEqual([3, 2, true]);
  });

  it('uses the requested method and threshold on the listed columns only', () => {
    const custom = driftReport({
      reference,
      current,
      options: { method: 'psi', columns: ['stable', 'plan'], threshold: 0.2, driftShare: 0.9 },
    });
    const byName = Object.fromEntries(custom.features.map((f) => [f.name, f]));
    expect(byName.stable).toMatchObject({ test: 'psi', threshold: 0.2 });
    expect(byName.plan).toMatchObject({ test: 'psi', threshold: 0.2 });
    expect(byName.shifted).toMatchObject({ test: 'ks', threshold: 0.05 });
    expect(custom.dataset_drift).toBe(false);
  });

  it('keeps the default test for categorical columns when a numerical-only method is set for all', () => {
    const custom = driftReport({ reference, current, options: { method: 'wasserstein' } });
    expect(custom.features.find((f) => f.name === 'plan')?.test).toBe('z');
    expect(custom.features.find((f) => f.name === 'stable')?.test).toBe('wasserstein');
    expect(custom.warnings).toEqual([
      'The wasserstein test applies to numerical columns only; categorical columns keep their default test.',
    ]);
  });

  it('refuses bad options with one sentence naming them', () => {
    expect(() =>
      driftReport({ reference, current, options: { method: 'ks', columns: ['plan'] } }),
    ).toThrow(
      "The ks test needs numerical columns, but 'plan' is categorical; choose chisquare, z, jensenshannon or psi for it.",
    );
    expect(() =>
      driftReport({ reference, current, options: { method: 'ks', columns: ['nope'] } }),
    ).toThrow(InputError);
    expect(() => driftReport({ reference, current, options: { threshold: -1 } })).toThrow(
      'The drift threshold must be a positive number, got -1.',
    );
    expect(() => driftReport({ reference, current, options: { driftShare: 2 } })).toThrow(
      /between 0 and 1/,
    );
  });

  it('compares a numerical column as categories when asked', () => {
    const asCategories = driftReport({ reference, current, options: { categorical: ['stable'] } });
    expect(asCategories.features.find((f) => f.name === 'stable')).toMatchObject({
      type: 'categorical',
      test: 'chisquare',
    });
  });

  it('reports a column without any value as empty, whatever the type of the other side', () => {
    // readTable types an all-empty column numeric; the other side holds text.
    const empty = { name: 'b', kind: 'numeric' as const, values: Float64Array.from([NaN, NaN]) };
    const text = categorical('b', ['x', 'y', 'x']);
    const current = driftReport({
      reference: table('a.csv', [text]),
      current: table('b.csv', [empty]),
    });
    expect(current.features[0]).toMatchObject({
      name: 'b',
      type: 'categorical',
      status: 'error',
      error: 'No current values to test: all 2 missing values were dropped.',
      n_reference: 3,
      n_current: 0,
    });
    const reference = driftReport({
      reference: table('a.csv', [empty]),
      current: table('b.csv', [text]),
    });
    expect(reference.features[0]).toMatchObject({
      type: 'categorical',
      error: 'No reference values to test: all 2 missing values were dropped.',
    });
    expect(DriftReportSchema.parse(JSON.parse(JSON.stringify(reference)))).toEqual(reference);
  });

  it('flags a column whose type differs between the sides', () => {
    const mixed = driftReport({
      reference: table('a.csv', [numeric('x', 10, 1)]),
      current: table('b.csv', [
        categorical(
          'x',
          Array.from({ length: 10 }, () => 'oops'),
        ),
      ]),
    });
    expect(mixed.features[0]).toMatchObject({ status: 'error', drifted: false });
    expect(mixed.features[0]?.error).toMatch(
      /numerical in the reference but categorical in the current data/,
    );
    expect(mixed.dataset_drift).toBe(false);
    expect(mixed.warnings).toEqual(['No column could be tested, so there is no dataset verdict.']);
  });
});

describe('renderDriftMarkdown', () => {
  it('puts the verdict first and drifted columns on top, furthest past the threshold first', () => {
    const report = driftReport({ reference, current });
    const order = orderBySeverity(report.features).map((f) => f.name);
    // plan's z-test p-value underflows to 0 (Evidently's 2·(1 − Φ(|z|))), far past shifted's 3e-31.
    expect(order.slice(0, 2)).toEqual(['plan', 'shifted']);
    expect(order.slice(2, 5).sort()).toEqual(['empty', 'gone', 'new']);
    expect(order[5]).toBe('stable');
    expect(renderDriftMarkdown(report)).toMatchSnapshot();
  });

  it('escapes untrusted column and file names', () => {
    const hostile = '<img src=x onerror=alert(1)>|@team';
    const report = driftReport({
      reference: table('`evil`.csv', [numeric(hostile, 50, 1)]),
      current: table('cur.csv', [numeric(hostile, 50, 2, 5)]),
    });
    // `<wbr>` (our own, where a long name may wrap) is no text of the name.
    const markdown = renderDriftMarkdown(report).replaceAll('<wbr>', '');
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('|@team');
    expect(markdown).toContain('&lt;img src=x onerror=alert&#40;1&#41;&gt;&#124;@&#8203;team');
    expect(markdown).not.toContain('``');
  });

  it('draws both sides on one scale', () => {
    expect(
      sparklines({ labels: ['a', 'b', 'c'], reference: [0.5, 0.5, 0], current: [0, 0.25, 0.75] }),
    ).toEqual({
      reference: '▆▆·',
      current: '·▃█',
    });
  });
});
