/**
 * A small seeded generator for everything modelgate randomises outside TensorFlow.js (the
 * split, the epoch shuffles, dropout seeds). mulberry32 (Tommy Ettinger's public-domain
 * 32-bit generator) is fast, has a full 2^32 period and, unlike Math.random, reproduces the
 * same sequence for the same seed on every platform, which determinism needs.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
