import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { inferSchema, readLabels } from '../../src/data/schema.ts';
import type { Table } from '../../src/core/table.ts';

function table(columns: Table['columns']): Table {
  return {
    path: 'data.csv',
    sha256: '0'.repeat(64),
    rows: columns[0]?.values.length ?? 0,
    columns,
  };
}
const num = (name: string, values: number[]) => ({
  name,
  kind: 'numeric' as const,
  values: Float64Array.from(values),
});
const cat = (name: string, values: (string | null)[]) => ({
  name,
  kind: 'categorical' as const,
  values,
});

describe('inferSchema', () => {
  it('reads text labels and few distinct integers as classes, other numbers as regression', () => {
    const x = num('x', [1, 2, 3, 4]);
    expect(inferSchema(table([x, cat('y', ['a', 'b', 'a', 'b'])]), { label: 'y' }).task).toBe(
      'classification',
    );
    expect(inferSchema(table([x, num('y', [0, 1, 2, 1])]), { label: 'y' }).task).toBe(
      'classification',
    );
    expect(inferSchema(table([x, num('y', [0.5, 1, 2, 1])]), { label: 'y' }).task).toBe(
      'regression',
    );
    const many = num(
      'y',
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(inferSchema(table([num('x', Array(30).fill(0)), many]), { label: 'y' }).task).toBe(
      'regression',
    );
    expect(
      inferSchema(table([x, num('y', [0, 1, 2, 1])]), { label: 'y', task: 'regression' }).task,
    ).toBe('regression');
  });

  it('uses every other column as a feature unless features are listed', () => {
    const t = table([num('a', [1]), cat('b', ['u']), num('y', [1])]);
    expect(inferSchema(t, { label: 'y' }).features).toEqual([
      { name: 'a', kind: 'numeric' },
      { name: 'b', kind: 'categorical' },
    ]);
    expect(inferSchema(t, { label: 'y', features: ['b'] }).features).toEqual([
      { name: 'b', kind: 'categorical' },
    ]);
  });

  it('names a missing label or feature column and the columns there are', () => {
    const t = table([num('a', [1]), num('y', [1])]);
    expect(() => inferSchema(t, { label: 'target' })).toThrow(
      /data\.csv has no label column "target"; expected one of: a, y\./,
    );
    // Wide data: every name, since the one the user meant may be the last.
    const wide = table(Array.from({ length: 14 }, (_, i) => num(`c${i}`, [1])));
    expect(() => inferSchema(wide, { label: 'target' })).toThrow(
      'data.csv has no label column "target"; expected one of: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13.',
    );
    // The label is not offered as a feature.
    expect(() => inferSchema(t, { label: 'y', features: ['b'] })).toThrow(
      'data.csv has no feature column "b"; expected one of: a.',
    );
    expect(() => inferSchema(table([num('y', [1])]), { label: 'y' })).toThrow(InputError);
  });

  it('suggests the near column for a misspelt label or feature', () => {
    const t = table([num('mean_radius', [1]), num('Target', [1]), num('age', [2])]);
    expect(() => inferSchema(t, { label: 'target' })).toThrow(
      'data.csv has no label column "target" (did you mean "Target"?); expected one of: mean_radius, Target, age.',
    );
    expect(() => inferSchema(t, { label: 'Target', features: ['mean_radus'] })).toThrow(
      'data.csv has no feature column "mean_radus" (did you mean "mean_radius"?); expected one of: mean_radius, age.',
    );
  });

  it('refuses a text label for regression, naming the first cell that is not a number', () => {
    // The first value is a number: quoting it as "the text" was the old message.
    const t = {
      ...table([num('a', [1, 2, 3]), cat('y', ['151.0', null, 'lo'])]),
      lines: [2, 4, 5],
    };
    expect(() => inferSchema(t, { label: 'y', task: 'regression' })).toThrow(
      'data.csv: label "y" holds text ("lo" on line 5) but the task is regression; expected numbers, or task: classification.',
    );
    // A table built in memory has no lines: the row is counted from 1.
    expect(() =>
      inferSchema(table([num('a', [1]), cat('y', ['x'])]), { label: 'y', task: 'regression' }),
    ).toThrow(/holds text \("x" on row 1\)/);
  });
});

describe('inferSchema on a numeric column with a stray text cell', () => {
  // 150 distinct numbers and one typo: a column of numbers, not 151 categories.
  const numbers = Array.from({ length: 150 }, (_, i) => String(i * 1.5));
  const typo = [...numbers.slice(0, 100), '12o', ...numbers.slice(100)];
  const withLines = (t: Table): Table => ({ ...t, lines: { first: 2 } });

  it('refuses a feature, naming the column, the line and the value, and how to keep it as text', () => {
    const t = withLines(
      table([
        cat('bmi', typo),
        num(
          'y',
          typo.map((_, i) => i % 2),
        ),
      ]),
    );
    expect(() => inferSchema(t, { label: 'y' })).toThrow(
      'data.csv: column "bmi" holds numbers but line 102 has "12o"; expected a number there (or an empty cell for a missing value), or list "bmi" under data.categorical if the column is meant as categories.',
    );
    expect(inferSchema(t, { label: 'y', categorical: ['bmi'] }).features).toEqual([
      { name: 'bmi', kind: 'categorical' },
    ]);
  });

  it('refuses a label that would otherwise become a class per value', () => {
    const t = withLines(
      table([
        num(
          'x',
          typo.map((_, i) => i),
        ),
        cat('target', typo),
      ]),
    );
    expect(() => inferSchema(t, { label: 'target' })).toThrow(
      /column "target" holds numbers but line 102 has "12o"/,
    );
    expect(() => inferSchema(t, { label: 'target', task: 'regression' })).toThrow(
      'data.csv: label "target" holds text ("12o" on line 102) but the task is regression; expected numbers, or task: classification.',
    );
  });

  it('keeps columns that are meant as categories', () => {
    const y = num(
      'y',
      Array.from({ length: 151 }, (_, i) => i % 2),
    );
    const kept = [
      // Codes: few distinct numbers and a word.
      Array.from({ length: 151 }, (_, i) => (i === 7 ? 'other' : `0${i % 9}`)),
      // Mostly text with some numbers.
      Array.from({ length: 151 }, (_, i) => (i % 3 === 0 ? String(i) : `id-${i}`)),
      // Numbers with more than 1% text.
      [...numbers.slice(0, 149), 'n.a.', 'unknown'],
    ];
    for (const values of kept) {
      expect(inferSchema(table([cat('c', values), y]), { label: 'y' }).features).toEqual([
        { name: 'c', kind: 'categorical' },
      ]);
    }
  });
});

describe('readLabels', () => {
  it('drops rows without a label and sorts classes like sklearn', () => {
    const t = table([num('a', [1, 2, 3, 4]), num('y', [10, NaN, 9, 10])]);
    const labels = readLabels(t, inferSchema(t, { label: 'y' }));
    expect(labels.task).toBe('classification');
    if (labels.task !== 'classification') return;
    expect(Array.from(labels.rows)).toEqual([0, 2, 3]);
    expect(labels.classes).toEqual(['9', '10']);
  });

  it('refuses a label with one class', () => {
    const t = table([num('a', [1, 2]), cat('y', ['only', 'only'])]);
    expect(() => readLabels(t, inferSchema(t, { label: 'y' }))).toThrow(
      /label "y" has only the class "only"; classification needs at least two classes/,
    );
  });
});
