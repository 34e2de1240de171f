import { describe, expect, it } from 'vitest';
import {
  DataSummarySchema,
  type DataSummary,
} from '../../../src/core/data-diff/data-summary-schema.ts';
import { dataChange, type DataFacts } from '../../../src/core/data-diff/diff-data.ts';
import { dvcChange, readDvcLock, readDvcPointer } from '../../../src/core/data-diff/dvc-pointer.ts';
import { diffRowHashes, keepSmallestHashes } from '../../../src/core/data-diff/row-hashes.ts';
import type { MetricRow } from '../../../src/core/gate/types.ts';
import { dataSection } from '../../../src/core/render/data-section.ts';
import { inferSchema, readLabels } from '../../../src/data/schema.ts';
import { splitRows } from '../../../src/data/split.ts';
import type { Column, Table } from '../../../src/data/table.ts';
import { buildDataSummary } from '../../../src/train/data-summary.ts';

type Row = { x: number; city: string; y: string };

function table(rows: readonly Row[], options: { cityAsNumber?: boolean } = {}): Table {
  const city: Column = options.cityAsNumber
    ? { name: 'city', kind: 'numeric', values: Float64Array.from(rows, (_, i) => i % 3) }
    : { name: 'city', kind: 'categorical', values: rows.map((r) => r.city) };
  return {
    path: 'data/train.csv',
    sha256: `${rows.length}${options.cityAsNumber ? 'n' : 'c'}${rows.map((r) => r.x).join('')}`
      .padEnd(64, '0')
      .slice(0, 64),
    rows: rows.length,
    columns: [
      { name: 'x', kind: 'numeric', values: Float64Array.from(rows, (r) => r.x) },
      city,
      { name: 'y', kind: 'categorical', values: rows.map((r) => r.y) },
    ],
  };
}

function summary(t: Table): DataSummary {
  const schema = inferSchema(t, { label: 'y' });
  const labelled = readLabels(t, schema);
  const strata = labelled.task === 'classification' ? labelled.values : undefined;
  const split = splitRows(labelled.rows.length, 0.25, 42, strata);
  // What the gate reads went through the schema, as from an artifact.
  return DataSummarySchema.parse(
    JSON.parse(JSON.stringify(buildDataSummary({ table: t, schema, labelled, test: split.test }))),
  );
}

const base: Row[] = Array.from({ length: 80 }, (_, i) => ({
  x: i,
  city: ['oslo', 'rome', 'lima'][i % 3] ?? 'oslo',
  y: i % 4 === 0 ? 'b' : 'a',
}));

function facts(b: DataSummary | null, pr: DataSummary, extra: Partial<DataFacts> = {}): DataFacts {
  return { base: b, baseProblem: null, pr, fileChanged: true, dvc: null, ...extra };
}

const primary: MetricRow = {
  metric: 'accuracy',
  label: 'Accuracy',
  direction: 'higher',
  base: 0.9,
  candidate: 0.8,
  delta: -0.1,
  change: 'regressed',
  rules: [],
  verdict: 'none',
};

describe('data diff of a pull request', () => {
  it('counts rows added and removed by row hash', () => {
    const pr = [
      ...base.slice(5),
      ...Array.from({ length: 12 }, (_, i) => ({ x: 1000 + i, city: 'oslo', y: 'a' })),
    ];
    const change = dataChange(facts(summary(table(base)), summary(table(pr))));
    expect(change?.rows).toEqual({ added: 12, removed: 5, shared: 75, exact: true });
    expect(dataSection(change)).toContain('80 → 87: +12 added, −5 removed, 75 unchanged');
  });

  it('says nothing when the data is unchanged', () => {
    const same = summary(table(base));
    expect(dataChange(facts(same, same, { fileChanged: false }))).toBeNull();
    expect(dataSection(null)).toBeNull();
  });

  it('names a retyped column', () => {
    const change = dataChange(
      facts(summary(table(base)), summary(table(base, { cityAsNumber: true }))),
    );
    expect(change?.schema?.retyped).toEqual([{ name: 'city', from: 'categorical', to: 'numeric' }]);
    expect(dataSection(change)).toContain('Column **city** changed type: categorical → numeric.');
  });

  it('lists new categories, escaped', () => {
    const pr = base.map((r, i) => (i < 6 ? { ...r, city: i < 3 ? 'paris' : '<b>x|y</b>' } : r));
    const change = dataChange(facts(summary(table(base)), summary(table(pr))));
    expect(change?.schema?.new_categories).toEqual([
      { column: 'city', categories: ['<b>x|y</b>', 'paris'], count: 2 },
    ]);
    const text = dataSection(change) ?? '';
    expect(text).toContain(
      'New categories in **city**: **&lt;b&gt;x&#124;y&lt;/b&gt;**, **paris**.',
    );
    expect(text).not.toContain('<b>x');
  });

  it('shows the label distribution before and after', () => {
    const pr = base.map((r, i) => (i < 20 ? { ...r, y: 'b' } : r));
    const change = dataChange(facts(summary(table(base)), summary(table(pr))));
    expect(change?.label?.base).toEqual([
      ['a', 60],
      ['b', 20],
    ]);
    expect(change?.label?.pr).toEqual([
      ['a', 45],
      ['b', 35],
    ]);
    expect(dataSection(change)).toContain('| b | 20 (25.0 %) | 35 (43.8 %) |');
  });

  it('warns when the test rows changed, and not when they did not', () => {
    const grown = [...base, { x: 500, city: 'oslo', y: 'a' }];
    const changed = dataChange(facts(summary(table(base)), summary(table(grown))));
    expect(changed?.test_rows).toEqual({ base: 20, pr: 21 });
    expect(dataSection(changed)).toContain('[!WARNING]\n> The test rows changed (base 20, PR 21)');
    // The same rows, read again (a file rewritten without a change), hold out the same test rows.
    const same = dataChange(
      facts(summary(table(base)), summary(table(base)), { fileChanged: true }),
    );
    expect(same?.test_rows).toBeNull();
  });

  it('runs the drift engine on the two profiles', () => {
    const shifted = base.map((r) => ({ ...r, x: r.x + 60 }));
    const change = dataChange(facts(summary(table(base)), summary(table(shifted))));
    const x = change?.drift?.columns.find((c) => c.name === 'x');
    expect(x?.drifted).toBe(true);
    expect(dataSection(change)).toMatch(/Drift from the base data: \d of 3 columns drifted/);
  });

  it('splits the metric change into the data effect and the model effect (2×2)', () => {
    const pr = {
      ...summary(table(base)),
      cross: {
        metric: 'accuracy',
        status: 'ok' as const,
        detail: '',
        base_sha: 'a'.repeat(40),
        base_model_on_pr_rows: 0.82,
        pr_model_on_base_rows: 0.88,
      },
    };
    const text = dataSection(dataChange(facts(summary(table(base)), pr)), primary) ?? '';
    expect(text).toContain('| **Base model** | 0.9000 | 0.8200 |');
    expect(text).toContain('| **PR model** | 0.8800 | 0.8000 |');
    expect(text).toContain(
      "Same model, new rows: −0.0800 (the data's effect); same rows, new model: −0.0200 (the model's effect)",
    );
  });

  it('says so when the base model has expired', () => {
    const pr = {
      ...summary(table(base)),
      cross: {
        metric: 'accuracy',
        status: 'expired' as const,
        detail: "the base model's artifact (run 7) has expired.",
        base_sha: null,
        base_model_on_pr_rows: null,
        pr_model_on_base_rows: null,
      },
    };
    const text =
      dataSection(
        dataChange(facts(null, pr, { baseProblem: 'The report of abc1234 has expired.' })),
        primary,
      ) ?? '';
    expect(text).toContain(
      'not measured: the base model&#39;s artifact &#40;run 7&#41; has expired.',
    );
    expect(text).toContain('_The report of abc1234 has expired._');
  });
});

describe('DVC pointers', () => {
  const pointer = (md5: string, size: number) =>
    `outs:\n- md5: ${md5}\n  size: ${size}\n  hash: md5\n  path: train.csv\n`;

  it('shows a change of the data from the pointer alone', () => {
    const before = readDvcPointer(pointer('a'.repeat(32), 1000), 'train.csv');
    const after = readDvcPointer(pointer('b'.repeat(32), 1200), 'train.csv');
    const dvc = dvcChange('data/train.csv.dvc', before, after);
    expect(dvc).not.toBeNull();
    const text = dataSection(
      dataChange({ base: null, baseProblem: null, pr: null, fileChanged: false, dvc }),
    );
    expect(text).toContain(
      '**DVC:** the data tracked by **data/train.csv.dvc** changed: md5 `aaaaaaaaaaaa`, 1,000 bytes → md5 `bbbbbbbbbbbb`, 1,200 bytes.',
    );
  });

  it('is silent when the md5 is the same, and refuses what is not a pointer', () => {
    const same = readDvcPointer(pointer('a'.repeat(32), 1), 'train.csv');
    expect(dvcChange('x.dvc', same, same)).toBeNull();
    expect(readDvcPointer('outs: [{md5: "not-hex", path: train.csv}]', 'train.csv')).toBeNull();
    expect(readDvcPointer(': : :', 'train.csv')).toBeNull();
  });

  it('reads the output of dvc.lock by path', () => {
    const lock = `schema: '2.0'\nstages:\n  prepare:\n    cmd: python prep.py\n    outs:\n    - path: data/train.csv\n      md5: ${'c'.repeat(32)}\n      size: 42\n`;
    expect(readDvcLock(lock, './data/train.csv')).toEqual({
      md5: 'c'.repeat(32),
      size: 42,
      nfiles: null,
    });
    expect(readDvcLock(lock, 'data/other.csv')).toBeNull();
  });
});

describe('row hash sketch', () => {
  const ids = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => (from + i).toString(16).padStart(16, '0'));

  it('keeps the smallest hashes beyond the bound and estimates the overlap', () => {
    // Hex of consecutive numbers is not uniform, so shuffle the order of the bits by hashing.
    const scramble = (list: string[]) =>
      list.map((id) =>
        ((BigInt(`0x${id}`) * 0x9e3779b97f4a7c15n) % 2n ** 64n).toString(16).padStart(16, '0'),
      );
    const a = keepSmallestHashes(scramble(ids(0, 20_000)), 2000);
    const b = keepSmallestHashes(scramble(ids(5000, 25_000)), 2000);
    expect(a.hashes).toHaveLength(2000);
    expect(a.exact).toBe(false);
    const change = diffRowHashes(a, b);
    expect(change.exact).toBe(false);
    expect(Math.abs(change.shared - 15_000)).toBeLessThan(1000);
  });

  it('is exact under the bound', () => {
    expect(diffRowHashes(keepSmallestHashes(ids(0, 10)), keepSmallestHashes(ids(3, 12)))).toEqual({
      added: 2,
      removed: 3,
      shared: 7,
      exact: true,
    });
  });
});
