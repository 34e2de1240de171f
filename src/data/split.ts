import { createRandom, shuffleInPlace } from './random.ts';

/** Row indices of the train/test split. */
export interface Split {
  /** Row indices, ascending. */
  train: Int32Array;
  test: Int32Array;
}

/**
 * Test rows per class the way sklearn's StratifiedShuffleSplit sizes them
 * (`_approximate_mode`): the test set has ceil(fraction * rows) rows, each class gets the
 * floor of its proportional share, and the rows left over go to the classes with the
 * largest remainders (ties to the larger class, then to the earlier class). A class always
 * keeps a row for training (sklearn refuses a class of one row; training on it is kinder).
 */
function testCounts(counts: number[], total: number, nTest: number): number[] {
  const shares = counts.map((count) => (count * nTest) / total);
  const allocated = shares.map(Math.floor);
  let left = nTest - allocated.reduce((a, b) => a + b, 0);
  const order = counts
    .map((count, i) => ({ i, remainder: (shares[i] ?? 0) - (allocated[i] ?? 0), count }))
    .sort((a, b) => b.remainder - a.remainder || b.count - a.count || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    allocated[i] = (allocated[i] ?? 0) + 1;
    left--;
  }
  return allocated.map((n, i) => {
    const count = counts[i] ?? 0;
    return n >= count ? Math.max(count - 1, 0) : n;
  });
}

/**
 * Splits row indices into train and test, deterministically for a seed. With `strata`
 * (class labels) every class keeps its share on both sides, as sklearn's
 * `train_test_split(stratify=y)` does, with the same set sizes (not the same rows: the
 * shuffles come from modelgate's own seeded generator).
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
  // Sorted keys: the result must not depend on the order classes first appear in.
  const keys = [...groups.keys()].sort();
  const counts = keys.map((key) => groups.get(key)?.length ?? 0);
  const nTest = testCounts(counts, rows, Math.ceil(fraction * rows));
  const train: number[] = [];
  const test: number[] = [];
  keys.forEach((key, k) => {
    const indices = shuffleInPlace(groups.get(key) ?? [], random);
    const take = nTest[k] ?? 0;
    // A loop, not push(...rows): spreading a million indices overflows the call stack.
    for (let i = 0; i < indices.length; i++) (i < take ? test : train).push(indices[i] ?? 0);
  });
  return {
    train: Int32Array.from(train).sort(),
    test: Int32Array.from(test).sort(),
  };
}
