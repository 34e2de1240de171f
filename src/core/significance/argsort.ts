/**
 * The permutation that sorts a Float64Array ascending (NaN excluded), by LSD radix sort on the
 * IEEE-754 bit patterns with the index carried along: four passes of 16-bit digits. DeLong's
 * test needs each row's rank among the other class; finding it by binary search was most of
 * a million-row comparison's time, and `Array.prototype.sort` with a comparator is slower
 * still. Same key mapping as `core/drift/sort-float64.ts`, which sorts values only.
 */

const RADIX_MIN_LENGTH = 4096;
const DIGITS = 65536;
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Indices of `values` in ascending order of value (ties in index order). */
export function argsortFloat64(values: Float64Array): Uint32Array {
  const n = values.length;
  if (n < RADIX_MIN_LENGTH || !LITTLE_ENDIAN) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0) || a - b);
    return Uint32Array.from(order);
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] ?? 0;
    const l = words[2 * i] ?? 0;
    // Flip every bit of a negative, only the sign bit of a positive: keys order like numbers.
    const negative = (h & 0x80000000) !== 0;
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = negative ? ~l >>> 0 : l;
    idx[i] = i;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const counts = new Uint32Array(DIGITS);
  for (let pass = 0; pass < 4; pass++) {
    const source = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((source[i] ?? 0) >>> shift) & 0xffff;
      counts[d] = (counts[d] ?? 0) + 1;
    }
    // A digit every key shares moves nothing; skip the pass (common for scores in [0, 1]).
    if (counts[((source[0] ?? 0) >>> shift) & 0xffff] === n) continue;
    let total = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[d] ?? 0;
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const d = ((source[i] ?? 0) >>> shift) & 0xffff;
      const at = counts[d] ?? 0;
      counts[d] = at + 1;
      hi2[at] = hi[i] ?? 0;
      lo2[at] = lo[i] ?? 0;
      idx2[at] = idx[i] ?? 0;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}
