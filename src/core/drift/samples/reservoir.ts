/**
 * Seeded uniform sampling for profiles: a reservoir sample of a long column (Li's
 * Algorithm L, which draws O(k·log(N/k)) random numbers instead of one per value) and the
 * merge of two such samples into a uniform sample of the union.
 */

import { createOpenRandom } from '../../random.ts';

/**
 * The seeded generator profiles use: numbers in the open interval (0, 1), so logarithms of
 * them are finite. The same seed gives the same profile on every platform.
 */
export const seededRandom = createOpenRandom;

/**
 * A uniform random sample of `k` values of `values` (all of them when there are at most k),
 * in no particular order. Algorithm L: Li, K.-H. (1994), "Reservoir-sampling algorithms of
 * time complexity O(n(1 + log(N/n)))", ACM TOMS 20(4).
 */
export function reservoirSample(
  values: Float64Array,
  k: number,
  random: () => number,
): Float64Array {
  if (values.length <= k) return values.slice();
  const reservoir = values.slice(0, k);
  if (k === 0) return reservoir;
  let w = Math.exp(Math.log(random()) / k);
  let i = k - 1;
  for (;;) {
    i += Math.floor(Math.log(random()) / Math.log(1 - w)) + 1;
    if (i >= values.length) break;
    reservoir[Math.floor(random() * k)] = values[i] ?? 0;
    w *= Math.exp(Math.log(random()) / k);
  }
  return reservoir;
}

/** `count` values of `values` chosen uniformly without replacement (partial Fisher–Yates). */
function subset(values: Float64Array, count: number, random: () => number): Float64Array {
  const copy = values.slice();
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    const swap = copy[i] ?? 0;
    copy[i] = copy[j] ?? 0;
    copy[j] = swap;
  }
  return copy.subarray(0, count);
}

/** A uniform sample of a population: `values` drawn from `population` values. */
export interface PopulationSample {
  values: Float64Array;
  population: number;
}

/**
 * A uniform sample of size min(k, N_a + N_b) of the union of two populations, given a uniform
 * sample of each (each at least min(k, N) values). How many come from each side is
 * hypergeometric — k draws without replacement from N_a + N_b — and each side then
 * contributes a uniform subset of its sample; together a uniform sample of the union.
 */
export function mergeSamples(
  a: PopulationSample,
  b: PopulationSample,
  k: number,
  random: () => number,
): Float64Array {
  const size = Math.min(k, a.population + b.population);
  let fromA = 0;
  let fromB = 0;
  for (let draw = 0; draw < size; draw++) {
    const remainingA = a.population - fromA;
    const remainingB = b.population - fromB;
    if (random() * (remainingA + remainingB) < remainingA) fromA++;
    else fromB++;
  }
  if (fromA > a.values.length || fromB > b.values.length) {
    throw new RangeError(
      'A sample is smaller than the merge needs; samples must hold min(k, N) values.',
    );
  }
  const merged = new Float64Array(size);
  merged.set(subset(a.values, fromA, random), 0);
  merged.set(subset(b.values, fromB, random), fromA);
  return merged;
}
