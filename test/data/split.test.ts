import { describe, expect, it } from 'vitest';
import { splitRows } from '../../src/data/split.ts';

const labels = Array.from({ length: 100 }, (_, i) => (i < 80 ? 'a' : i < 95 ? 'b' : 'c'));

describe('splitRows', () => {
  it('is a deterministic partition for a seed and changes with the seed', () => {
    const first = splitRows(100, 0.2, 7, labels);
    const again = splitRows(100, 0.2, 7, labels);
    const other = splitRows(100, 0.2, 8, labels);
    expect(Array.from(again.test)).toEqual(Array.from(first.test));
    expect(Array.from(other.test)).not.toEqual(Array.from(first.test));
    const all = [...first.train, ...first.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("keeps each class share on both sides with sklearn's set sizes", () => {
    const { test } = splitRows(100, 0.2, 1, labels);
    const count = (rows: Int32Array, label: string, of: readonly string[]) =>
      Array.from(rows).filter((i) => of[i] === label).length;
    expect([count(test, 'a', labels), count(test, 'b', labels), count(test, 'c', labels)]).toEqual([
      16, 3, 1,
    ]);
    // 569 rows, 212/357 (breast_cancer): sklearn's test set has ceil(113.8) = 114 rows, 42/72.
    const cancer = Array.from({ length: 569 }, (_, i) => (i < 212 ? 'malignant' : 'benign'));
    const split = splitRows(569, 0.2, 3, cancer);
    expect(split.test.length).toBe(114);
    expect([count(split.test, 'benign', cancer), count(split.test, 'malignant', cancer)]).toEqual([
      72, 42,
    ]);
    // A class never goes to the test set entirely, not even a class of one row.
    const tiny = splitRows(3, 0.9, 1, ['x', 'x', 'y']);
    expect(count(tiny.train, 'x', ['x', 'x', 'y'])).toBe(1);
    expect(count(tiny.train, 'y', ['x', 'x', 'y'])).toBe(1);
  });

  it('splits a million stratified rows (no spread of a large array onto the stack)', () => {
    const strata = Array.from({ length: 1_000_000 }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
    const split = splitRows(strata.length, 0.2, 42, strata);
    expect([split.train.length, split.test.length]).toEqual([800_000, 200_000]);
  });

  it('splits without strata for regression', () => {
    const { train, test } = splitRows(10, 0.25, 3);
    expect([train.length, test.length]).toEqual([7, 3]);
  });
});
