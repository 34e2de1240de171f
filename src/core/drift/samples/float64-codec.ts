/**
 * How profile.json stores a numerical sample: base64 of little-endian doubles — exact (a
 * decimal print needs 17 digits per value to round-trip) and about 11 characters per value.
 * When values repeat (ages, counts, ratings), the distinct values are stored once with a
 * base64 uint32 count each, so a 100,000-value column of 80 distinct integers takes about
 * 1.3 kB instead of 1 MB.
 */

/** The stored form of an ascending sample. */
export interface EncodedSample {
  /** base64 of the values (the distinct values when `counts` is present), little-endian float64. */
  values: string;
  /** base64 of how often each distinct value occurs, little-endian uint32. */
  counts?: string;
}

/** Base64 of the values as little-endian IEEE-754 doubles. */
export function encodeFloat64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] ?? 0, true);
  return Buffer.from(bytes).toString('base64');
}

function decodeBase64(text: string, width: number): DataView | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % width !== 0) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes `encodeFloat64`; undefined when the text is not canonical base64 of whole doubles. */
export function decodeFloat64(text: string): Float64Array | undefined {
  const view = decodeBase64(text, 8);
  if (view === undefined) return undefined;
  const values = new Float64Array(view.byteLength / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}

/**
 * Encodes an ascending sample, run-length when that is at least twice as small (at most half
 * as many distinct values as values).
 */
export function encodeSample(sorted: Float64Array): EncodedSample {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct * 2 > sorted.length) return { values: encodeFloat64(sorted) };
  const values = new Float64Array(distinct);
  const counts = new Uint8Array(distinct * 4);
  const view = new DataView(counts.buffer);
  let k = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) values[++k] = sorted[i] ?? 0;
    view.setUint32(k * 4, view.getUint32(k * 4, true) + 1, true);
  }
  return { values: encodeFloat64(values), counts: Buffer.from(counts).toString('base64') };
}

/**
 * Decodes a stored sample and checks it: `size` finite values in ascending order (distinct and
 * strictly ascending with positive counts in the run-length form). Returns the values, or a
 * sentence saying what is wrong.
 */
export function decodeSample(sample: EncodedSample & { size: number }): Float64Array | string {
  const values = decodeFloat64(sample.values);
  if (values === undefined) return 'values is not base64 of little-endian doubles';
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? NaN;
    const previous = values[i - 1] ?? -Infinity;
    if (!Number.isFinite(x) || x < previous || (sample.counts !== undefined && x === previous)) {
      return `value ${i} is not finite or not in ascending order`;
    }
  }
  if (sample.counts === undefined) {
    return values.length === sample.size
      ? values
      : `values holds ${values.length} values, size says ${sample.size}`;
  }
  const counts = decodeBase64(sample.counts, 4);
  if (counts === undefined || counts.byteLength / 4 !== values.length) {
    return 'counts is not base64 of one little-endian uint32 per value';
  }
  let total = 0;
  for (let k = 0; k < values.length; k++) {
    const count = counts.getUint32(k * 4, true);
    if (count === 0) return `count ${k} is 0`;
    total += count;
  }
  if (total !== sample.size) return `counts add up to ${total}, size says ${sample.size}`;
  const expanded = new Float64Array(total);
  let at = 0;
  for (let k = 0; k < values.length; k++) {
    const count = counts.getUint32(k * 4, true);
    expanded.fill(values[k] ?? 0, at, at + count);
    at += count;
  }
  return expanded;
}
