import { describe, expect, it } from 'vitest';
import {
  categoricalHistogram,
  numericalHistogram,
  PICTURE_BINS,
  PICTURE_CATEGORIES,
} from '../../../src/core/drift/columns/histogram.ts';

describe('numericalHistogram', () => {
  it('bins both sides on one range and folds the tails beyond the 1st/99th percentiles into the end bins', () => {
    const reference = Float64Array.from({ length: 1000 }, (_, i) => i / 1000);
    const current = Float64Array.from({ length: 1000 }, (_, i) =>
      i === 999 ? 1e9 : i / 1000 + 0.5,
    );
    const histogram = numericalHistogram(reference, current);
    expect(histogram.labels).toHaveLength(PICTURE_BINS);
    expect(histogram.reference.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(histogram.current.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(histogram.current[0]).toBe(0);
    // The outlier does not stretch the range: the last bin starts at 1.37, not near 1e9. It
    // holds the outlier, so its label is open-ended, as is the first bin's.
    expect(histogram.labels.slice(0, 2)).toEqual(['< 0.133', '[0.133, 0.256)']);
    expect(histogram.labels.slice(-2)).toEqual(['[1.24, 1.37)', '≥ 1.37']);
  });

  it('uses one bin for a constant column', () => {
    const constant = new Float64Array(10).fill(3);
    expect(numericalHistogram(constant, constant)).toEqual({
      labels: ['3'],
      reference: [1],
      current: [1],
    });
  });
});

describe('categoricalHistogram', () => {
  it('shows the most common categories of either side and pools the rest', () => {
    const keys = Array.from({ length: PICTURE_CATEGORIES + 3 }, (_, i) => `c${i}`);
    const histogram = categoricalHistogram({
      keys,
      reference: keys.map((_, i) => (i < PICTURE_CATEGORIES ? 10 : 1)),
      current: keys.map((_, i) => (i === keys.length - 1 ? 50 : 5)),
    });
    expect(histogram.labels).toHaveLength(PICTURE_CATEGORIES + 1);
    expect(histogram.labels[0]).toBe(`c${keys.length - 1}`);
    expect(histogram.labels.at(-1)).toBe('(3 other)');
    expect(histogram.reference.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });
});
