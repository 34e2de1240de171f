import { describe, expect, it } from 'vitest';
import {
  encodeLabels,
  positiveLabel,
  sortLabels,
  uniqueLabels,
} from '../../../src/core/metrics/labels.ts';

describe('label order follows sklearn', () => {
  it('sorts numbers numerically', () => {
    expect(sortLabels(['10', '9', '2', '-1', '0.5'])).toEqual(['-1', '0.5', '2', '9', '10']);
  });

  it('sorts text lexicographically as soon as one label is not a number', () => {
    expect(sortLabels(['b', '10', 'a', '9', 'B'])).toEqual(['10', '9', 'B', 'a', 'b']);
  });

  it('keeps numerically equal spellings apart, in a fixed order', () => {
    expect(sortLabels(['1.0', '1', '0'])).toEqual(['0', '1', '1.0']);
  });

  it('does not take blank text for the number 0', () => {
    expect(sortLabels([' ', '1'])).toEqual([' ', '1']);
  });

  it('unions and encodes', () => {
    const labels = uniqueLabels(['cat', 'dog'], ['bird', 'cat']);
    expect(labels).toEqual(['bird', 'cat', 'dog']);
    expect(Array.from(encodeLabels(['dog', 'bird'], labels))).toEqual([2, 0]);
    expect(() => encodeLabels(['fish'], labels)).toThrow(/"fish"/);
  });

  it('takes the greater of two labels as positive, and sklearn pos_label=1 for one label', () => {
    expect(positiveLabel(['0', '1'])).toBe('1');
    expect(positiveLabel(['no', 'yes'])).toBe('yes');
    expect(positiveLabel(['1', '2'])).toBe('2');
    expect(positiveLabel(['1'])).toBe('1');
    expect(positiveLabel(['1.0'])).toBe('1.0');
    expect(positiveLabel(['0'])).toBe('1');
    expect(positiveLabel(['x'])).toBe('1');
    expect(() => positiveLabel(['a', 'b', 'c'])).toThrow(/one or two labels, got 3/);
  });
});
