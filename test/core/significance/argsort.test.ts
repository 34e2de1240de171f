import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/core/random.ts';
import { argsortFloat64 } from '../../../src/core/significance/argsort.ts';

describe('argsortFloat64', () => {
  it.each([100, 20_000])('orders %i values with ties, negatives and infinities', (n) => {
    const next = createRandom(3);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = Math.round((next() - 0.5) * 200) / 7;
    values[0] = Infinity;
    values[1] = -Infinity;
    values[2] = -0;
    const order = argsortFloat64(values);
    const expected = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (values[a] ?? 0) - (values[b] ?? 0) || a - b,
    );
    // −0 sorts before +0 in the radix order; they compare equal, so both count as zero here.
    const zeroless = (i: number) => (values[i] === 0 ? 0 : values[i]);
    expect(Array.from(order, zeroless)).toEqual(expected.map(zeroless));
    expect(new Set(order).size).toBe(n);
  });
});
