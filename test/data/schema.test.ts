import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { inferSchema, readLabels } from '../../src/data/schema.ts';
import type { Table } from '../../src/data/table.ts';

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
    // Wide data: ten names and a count keep the sentence readable.
    const wide = table(Array.from({ length: 14 }, (_, i) => num(`c${i}`, [1])));
    expect(() => inferSchema(wide, { label: 'target' })).toThrow(
      'data.csv has no label column "target"; expected one of: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 4 more.',
    );
    // The label is not offered as a feature.
    expect(() => inferSchema(t, { label: 'y', features: ['b'] })).toThrow(
      'data.csv has no feature column "b"; expected one of: a.',
    );
    expect(() => inferSchema(table([num('y', [1])]), { label: 'y' })).toThrow(InputError);
  });

  it('refuses a text label for regression', () => {
    const t = table([num('a', [1, 2]), cat('y', ['hi', 'lo'])]);
    expect(() => inferSchema(t, { label: 'y', task: 'regression' })).toThrow(
      /holds text \(e\.g\. "hi"\) but the task is regression/,
    );
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
