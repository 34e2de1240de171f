/**
 * The one seeded generator behind everything modelgate randomises outside TensorFlow.js: the
 * train/test split, epoch shuffles, dropout seeds and the reservoir samples of profiles.
 * mulberry32 (Tommy Ettinger's public-domain 32-bit generator) is fast, has a full 2^32 period
 * and, unlike Math.random, reproduces the same sequence for the same seed on every platform,
 * which determinism needs.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const TWO_POW_32 = 4294967296;

/** Seeded uniform numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / TWO_POW_32;
}

/**
 * Seeded uniform numbers in the open interval (0, 1): the same stream as `createRandom`
 * shifted by half a step, so `Math.log` of a draw is always finite (reservoir sampling
 * takes logarithms of them).
 */
export function createOpenRandom(seed: number): () => number {
  const next = mulberry32(seed);
  return () => (next() + 0.5) / TWO_POW_32;
}
