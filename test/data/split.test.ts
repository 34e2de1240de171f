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

  it('keeps each class share on both sides, and one row of a small class in each', () => {
    const { test } = splitRows(100, 0.2, 1, labels);
    const count = (label: string) => Array.from(test).filter((i) => labels[i] === label).length;
    expect([count('a'), count('b'), count('c')]).toEqual([16, 3, 1]);
    const tiny = splitRows(4, 0.1, 1, ['x', 'x', 'y', 'y']);
    expect(tiny.test.length).toBe(2);
    expect(tiny.train.length).toBe(2);
  });

  it('splits without strata for regression', () => {
    const { train, test } = splitRows(10, 0.3, 3);
    expect([train.length, test.length]).toEqual([7, 3]);
  });
});
