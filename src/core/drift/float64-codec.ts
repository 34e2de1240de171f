/**
 * Numbers in profile.json are stored as base64 of little-endian float64: exact (a decimal
 * print would need 17 digits per value to round-trip) and about 11 characters per value
 * instead of 20.
 */

/** Base64 of the values as little-endian IEEE-754 doubles. */
export function encodeFloat64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] ?? 0, true);
  return Buffer.from(bytes).toString('base64');
}

/** Decodes `encodeFloat64`; undefined when the text is not canonical base64 of whole doubles. */
export function decodeFloat64(text: string): Float64Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 8 !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
