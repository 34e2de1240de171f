import { describe, expect, it } from 'vitest';
import {
  PreprocessingSchema,
  fitPreprocessing,
  restoreTarget,
  standardiseTarget,
  transform,
} from '../../src/data/preprocess.ts';
import type { DatasetSchema } from '../../src/data/schema.ts';
import type { Table } from '../../src/core/table.ts';

const train: Table = {
  path: 'train.csv',
  sha256: '0'.repeat(64),
  rows: 5,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from([1, NaN, 3, 100, Infinity]) },
    { name: 'c', kind: 'categorical', values: ['b', 'a', null, 'b', 'z'] },
    { name: 'y', kind: 'categorical', values: ['p', 'q', 'p', 'q', 'p'] },
  ],
};
const schema: DatasetSchema = {
  label: 'y',
  task: 'classification',
  features: [
    { name: 'x', kind: 'numeric' },
    { name: 'c', kind: 'categorical' },
  ],
};
// Row 3 (x = 100, c = 'b') is held out: nothing about it may reach the fitted values.
const trainRows = Int32Array.from([0, 1, 2, 4]);

describe('fitPreprocessing', () => {
  const prep = fitPreprocessing(train, schema, trainRows, { classes: ['p', 'q'] });

  it('fits median, mean and scale on the training rows only, non-finite values imputed', () => {
    const [x] = prep.features;
    // Training x: 1, NaN, 3, inf -> median of {1, 3} = 2; imputed values 1, 2, 3, 2.
    expect(x).toEqual({ name: 'x', kind: 'numeric', fill: 2, mean: 2, scale: Math.sqrt(0.5) });
  });

  it('one-hot encodes sorted categories, imputing the most frequent one', () => {
    expect(prep.features[1]).toEqual({
      name: 'c',
      kind: 'categorical',
      fill: 'a',
      categories: ['a', 'b', 'z'],
    });
    expect(prep.inputs).toBe(4);
    expect(PreprocessingSchema.parse(JSON.parse(JSON.stringify(prep)))).toEqual(prep);
  });

  it('transforms new rows with the fitted values and encodes unseen categories as zeros', () => {
    const fresh: Table = {
      ...train,
      path: 'new.csv',
      rows: 2,
      columns: [
        { name: 'x', kind: 'numeric', values: Float64Array.from([2, NaN]) },
        { name: 'c', kind: 'categorical', values: ['new', null] },
      ],
    };
    const out = transform(fresh, prep);
    expect(Array.from(out.x)).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
    expect(out.warnings).toEqual([
      'Column "x": 1 missing or infinite value(s) replaced by the training median 2.',
      'Column "c": 1 row(s) with categories unseen in training ("new") encoded as all zeros.',
    ]);
  });

  it('refuses text where the model was trained on numbers, and a missing column', () => {
    const text: Table = {
      ...train,
      columns: [
        { name: 'x', kind: 'categorical', values: ['1', 'abc', '', '', ''] },
        train.columns[1]!,
      ],
    };
    expect(() => transform(text, prep)).toThrow(/column "x" holds text \(e\.g\. "abc"\)/);
    const missing: Table = { ...train, columns: [train.columns[0]!] };
    expect(() => transform(missing, prep)).toThrow(
      /has no column "c", which the model was trained on/,
    );
  });
});

describe('standardising huge numbers', () => {
  it('keeps the scale of 1e200-scale values finite and exact, so the model can be saved', () => {
    // Squares of these overflow to Infinity; mean and std are exact (Python fractions).
    const values = [-5.4013120707839455e199, -2.1044660100855603e200, 3e200, 7.5e199, 1.25e200];
    const table: Table = {
      ...train,
      columns: [
        { name: 'x', kind: 'numeric', values: Float64Array.from(values) },
        train.columns[1]!,
        train.columns[2]!,
      ],
    };
    const prep = fitPreprocessing(table, schema, Int32Array.from([0, 1, 2, 3, 4]), {
      classes: ['p', 'q'],
    });
    const [x] = prep.features;
    if (x?.kind !== 'numeric') throw new Error('x should be numeric');
    expect(x.mean / 4.7108055656720905e199).toBeCloseTo(1, 12);
    expect(x.scale / 1.716737280691897e200).toBeCloseTo(1, 12);
    expect(PreprocessingSchema.parse(JSON.parse(JSON.stringify(prep)))).toEqual(prep);
  });
});

describe('regression target', () => {
  it('standardises and restores the target', () => {
    const values = Float64Array.from([10, 20, 30]);
    const prep = fitPreprocessing(train, { ...schema, task: 'regression' }, trainRows, { values });
    expect(prep.target?.mean).toBe(20);
    const standard = standardiseTarget(values, prep);
    expect(Array.from(restoreTarget(standard, prep)).map((v) => Math.round(v * 1e4) / 1e4)).toEqual(
      [10, 20, 30],
    );
  });
});
