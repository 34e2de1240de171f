import { describe, expect, it } from 'vitest';
import {
  mergeSamples,
  reservoirSample,
  seededRandom,
} from '../../../src/core/drift/samples/reservoir.ts';
import { sortFloat64 } from '../../../src/core/drift/samples/sort-float64.ts';
import { numericalSample } from '../../../src/core/drift/samples/column-sample.ts';

describe('sortFloat64', () => {
  it('orders like TypedArray.prototype.sort, signed zeros, subnormals and infinities included', () => {
    const random = seededRandom(7);
    const values = Float64Array.from(
      { length: 50_000 },
      () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20),
    );
    values.set([-0, 0, Infinity, -Infinity, 5e-324, -5e-324, 1, 1, -1], 0);
    const expected = values.slice().sort();
    const actual = sortFloat64(values);
    expect(actual).toBe(values);
    for (let i = 0; i < expected.length; i++) expect(Object.is(actual[i], expected[i])).toBe(true);
  });

  it('sorts a column of one repeated value with one outlier', () => {
    const values = new Float64Array(10_000).fill(3.5);
    values[77] = -2;
    sortFloat64(values);
    expect([values[0], values[1], values[9999]]).toEqual([-2, 3.5, 3.5]);
  });
});

describe('numericalSample', () => {
  it('drops NaN and ±inf, counting each kind, and sorts the rest', () => {
    const sample = numericalSample(Float64Array.from([3, NaN, -Infinity, 1, Infinity, NaN, 2]));
    expect([...sample.sorted]).toEqual([1, 2, 3]);
    expect(sample.dropped).toEqual({ missing: 2, infinite: 2 });
    expect(sample.population).toBe(3);
  });
});

describe('reservoir sampling', () => {
  const population = Float64Array.from({ length: 1000 }, (_, i) => i);

  it('keeps everything below the cap and is reproducible from the seed', () => {
    expect([...reservoirSample(population.subarray(0, 10), 20, seededRandom(1))]).toEqual([
      ...population.subarray(0, 10),
    ]);
    const a = reservoirSample(population, 100, seededRandom(5));
    const b = reservoirSample(population, 100, seededRandom(5));
    expect([...a]).toEqual([...b]);
    expect(new Set(a).size).toBe(100);
  });

  it('gives every value the same chance (chi-squared over 2,000 seeded draws)', () => {
    const hits = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) {
      for (const x of reservoirSample(population, 50, seededRandom(seed)))
        hits[Math.floor(x / 100)]! += 1;
    }
    // 100,000 picks over 10 deciles: each expects 10,000; χ²(9) at p = 0.001 is 27.9.
    const chi2 = hits.reduce((s, h) => s + (h - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it('merges two shard samples into a uniform sample of the union, split by shard size', () => {
    const big = Float64Array.from({ length: 9000 }, (_, i) => i);
    const small = Float64Array.from({ length: 1000 }, (_, i) => 9000 + i);
    let fromSmall = 0;
    const draws = 300;
    for (let seed = 0; seed < draws; seed++) {
      const a = { values: reservoirSample(big, 200, seededRandom(seed)), population: big.length };
      const b = {
        values: reservoirSample(small, 200, seededRandom(seed + 10_000)),
        population: small.length,
      };
      const merged = mergeSamples(a, b, 200, seededRandom(seed + 20_000));
      expect(merged.length).toBe(200);
      fromSmall += merged.filter((x) => x >= 9000).length;
    }
    // The small shard is 10% of the union: 6,000 of 60,000 picks expected, sd ≈ 70.
    expect(Math.abs(fromSmall - 6000)).toBeLessThan(350);
  });
});
