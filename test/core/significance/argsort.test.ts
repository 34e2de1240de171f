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
    // Stable: ties keep index order (−0 and +0 aside, which compare equal anyway).
    expect(Array.from(order, (i) => values[i])).toEqual(expected.map((i) => values[i]));
    expect(new Set(order).size).toBe(n);
  });
});
