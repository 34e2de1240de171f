/**
 * The binnings the distribution-distance statistics use: reference-quantile bins for our
 * PSI/JS (`psi_refq`), Sturges equal-width bins and value counts for Evidently's PSI/JS.
 * Every function takes ascending samples and counts by merge walks, not binary searches.
 */

/** Default number of reference-quantile bins. */
export const QUANTILE_BINS = 10;

/**
 * Inner cut points of B reference-quantile bins: the numpy/R type-7 quantiles q₁..q_{B−1},
 * computed in exactly the documented double arithmetic, deduplicated. q₀ and q_B are dropped,
 * so the outer bins are open-ended and current values outside the reference range still land
 * in a bin. Tied quantiles give fewer bins.
 */
export function quantileCuts(sortedReference: Float64Array, bins = QUANTILE_BINS): number[] {
  const n = sortedReference.length;
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const h = ((n - 1) * k) / bins;
    const lo = Math.floor(h);
    const f = h - lo;
    const xlo = sortedReference[lo] ?? NaN;
    const q = f > 0 ? xlo + f * ((sortedReference[lo + 1] ?? NaN) - xlo) : xlo;
    if (cuts.length === 0 || q !== cuts[cuts.length - 1]) cuts.push(q);
  }
  return cuts;
}

/**
 * Counts of an ascending sample in the left-closed bins [c_{j−1}, c_j) with c₀ = −∞ and
 * c_last = +∞, i.e. bin index = bisect_right(cuts, x).
 */
export function countByCuts(sorted: Float64Array, cuts: readonly number[]): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  let bin = 0;
  let start = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i] ?? 0;
    if (bin < cuts.length && x >= (cuts[bin] ?? Infinity)) {
      counts[bin] = i - start;
      start = i;
      bin++;
      while (bin < cuts.length && x >= (cuts[bin] ?? Infinity)) bin++;
    }
  }
  counts[bin] = sorted.length - start;
  return counts;
}

/**
 * `np.histogram_bin_edges(concat(a, b), bins='sturges')`: ⌈ptp / (ptp / (log₂N + 1))⌉
 * equal-width bins over [min, max] of the pooled data, edges start + i·step with the last one
 * set to max, computed in numpy's order because ⌈·⌉ is sensitive to the last bit.
 */
export function sturgesEdges(sortedA: Float64Array, sortedB: Float64Array): number[] {
  const first = Math.min(sortedA[0] ?? Infinity, sortedB[0] ?? Infinity);
  const last = Math.max(
    sortedA[sortedA.length - 1] ?? -Infinity,
    sortedB[sortedB.length - 1] ?? -Infinity,
  );
  const size = sortedA.length + sortedB.length;
  let lo = first;
  let hi = last;
  const ptp = last - first;
  const width = ptp / (Math.log2(size) + 1);
  let bins = 1;
  if (width > 0) bins = Math.ceil((last - first) / width);
  else {
    // numpy widens an empty range by ±0.5 so there is one bin to count into.
    lo = first - 0.5;
    hi = last + 0.5;
  }
  const step = (hi - lo) / bins;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(i * step + lo);
  edges[bins] = hi;
  return edges;
}

/**
 * `np.histogram(sample, edges)` of an ascending sample: bins [e_i, e_{i+1}), the last one
 * closed; values outside [e₀, e_last] are not counted.
 */
export function histogramCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i] ?? 0;
    if (x < (edges[0] ?? -Infinity)) continue;
    while (bin < bins - 1 && x >= (edges[bin + 1] ?? Infinity)) bin++;
    if (bin === bins - 1 && x > (edges[bins] ?? Infinity)) break;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}

/** Counts of each distinct value of two ascending samples, over the sorted union of values. */
export interface ValueCounts<K> {
  keys: K[];
  reference: number[];
  current: number[];
}

/** Distinct values of two ascending samples with their counts in each (one merge walk). */
export function numericValueCounts(a: Float64Array, b: Float64Array): ValueCounts<number> {
  const keys: number[] = [];
  const reference: number[] = [];
  const current: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x =
      j >= b.length || (i < a.length && (a[i] ?? 0) <= (b[j] ?? 0)) ? (a[i] ?? 0) : (b[j] ?? 0);
    const i0 = i;
    const j0 = j;
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    keys.push(x);
    reference.push(i - i0);
    current.push(j - j0);
  }
  return { keys, reference, current };
}

/** Number of distinct values in an ascending sample. */
export function countDistinct(sorted: Float64Array): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/**
 * Python's `sorted()` order for strings: by code point. JavaScript's `<` compares UTF-16
 * units, which puts astral characters (emoji) before U+E000..U+FFFF; at the first differing
 * unit `codePointAt` gives the full code point, which restores Python's order.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i))
      return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
  }
  return a.length - b.length;
}

/** Category counts of two samples over the code-point-sorted union of their categories. */
export function categoryValueCounts(
  reference: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): ValueCounts<string> {
  const keys = [...new Set([...reference.keys(), ...current.keys()])].sort(compareCodePoints);
  return {
    keys,
    reference: keys.map((key) => reference.get(key) ?? 0),
    current: keys.map((key) => current.get(key) ?? 0),
  };
}
