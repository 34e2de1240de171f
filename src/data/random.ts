/**
 * Seeded shuffling for the split and the epoch order; the generator itself lives in core so
 * profiles (core) and training (here) draw from the same one.
 */
export { createRandom } from '../core/random.ts';

/** 0, 1, ..., n - 1: the rows in their order, for shuffling or as a row map. */
export function identityOrder(n: number): Int32Array {
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  return values;
}

/** Fisher–Yates shuffle in place with the given generator. */
export function shuffleInPlace<T extends { [index: number]: number; length: number }>(
  items: T,
  random: () => number,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i] ?? 0;
    items[i] = items[j] ?? 0;
    items[j] = swap;
  }
  return items;
}
