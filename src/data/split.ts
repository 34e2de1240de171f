import { createRandom, shuffleInPlace } from './random.ts';

export interface Split {
  /** Row indices, ascending. */
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits row indices into train and test, deterministically for a seed. With `strata`
 * (class labels) every class keeps its share on both sides, as sklearn's
 * `train_test_split(stratify=y)` does: a class of n rows puts round(n * fraction) in the
 * test set, but at least one in each side when it has two rows or more.
 */
export function splitRows(
  rows: number,
  fraction: number,
  seed: number,
  strata?: readonly string[],
): Split {
  const random = createRandom(seed);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < rows; i++) {
    const key = strata?.[i] ?? '';
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const train: number[] = [];
  const test: number[] = [];
  // Sorted keys: the result must not depend on the order classes first appear in.
  for (const key of [...groups.keys()].sort()) {
    const indices = shuffleInPlace(groups.get(key) ?? [], random);
    let nTest = Math.round(indices.length * fraction);
    if (indices.length >= 2) nTest = Math.min(Math.max(nTest, 1), indices.length - 1);
    test.push(...indices.slice(0, nTest));
    train.push(...indices.slice(nTest));
  }
  return {
    train: Int32Array.from(train).sort(),
    test: Int32Array.from(test).sort(),
  };
}
