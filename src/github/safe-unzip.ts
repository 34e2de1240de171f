// zlib.crc32 arrived in Node 20.15; the Action and the App run on 20.18 or newer.
import { crc32, inflateRawSync } from 'node:zlib';
import { InputError } from '../core/errors.ts';
import { readZipDirectory, type ZipEntry } from './zip-directory.ts';

/** Bounds on an untrusted zip archive. */
export interface UnzipLimits {
  /** Most entries the archive may list. */
  maxEntries: number;
  /** Most bytes all extracted entries may inflate to, counted as they inflate. */
  maxTotalBytes: number;
  /** Most bytes the named entry may inflate to. */
  maxEntryBytes: (name: string) => number;
}

/**
 * Rejects names that could escape an extraction directory or that no honest archive holds:
 * absolute paths, drive letters, `..` segments, backslashes and control characters.
 */
export function checkEntryName(name: string): string | null {
  if (name.length === 0 || name.length > 512) return 'has an empty or overlong name';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\\]/.test(name)) return 'has a control character or backslash in its name';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  if (name.split('/').some((segment) => segment === '..')) return "has a '..' segment in its path";
  return null;
}

/**
 * Extracts the `wanted` entries of an untrusted zip archive.
 *
 * The central directory is the one index (`readZipDirectory`): entry count, names, declared
 * sizes and every local header are checked against it before anything is inflated, so the App
 * reads the same `metrics.json` as `unzip` would. Then only the wanted entries are inflated,
 * each into a buffer capped at its limit (the sizes in a zip are whatever the attacker wrote:
 * a bomb that understates its size is stopped by the cap, not by its own headers), and the
 * result must match the declared size and crc.
 */
export function safeUnzip(
  zip: Uint8Array,
  wanted: (name: string) => boolean,
  limits: UnzipLimits,
): Map<string, Uint8Array> {
  const entries = readZipDirectory(zip, limits.maxEntries);
  let declaredTotal = 0;
  for (const entry of entries) {
    const problem = checkEntryName(entry.name);
    if (problem !== null) {
      throw new InputError(`entry ${JSON.stringify(entry.name.slice(0, 100))} ${problem}`);
    }
    declaredTotal += entry.size;
    if (declaredTotal > limits.maxTotalBytes) {
      throw new InputError(
        `the archive declares more than ${limits.maxTotalBytes} bytes uncompressed`,
      );
    }
  }

  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of entries) {
    if (!wanted(entry.name) || entry.name.endsWith('/')) continue;
    const entryLimit = limits.maxEntryBytes(entry.name);
    const data = inflateEntry(zip, entry, Math.min(entryLimit, limits.maxTotalBytes - total));
    if (data === null) {
      throw total + entryLimit > limits.maxTotalBytes
        ? new InputError(`the archive inflates to more than ${limits.maxTotalBytes} bytes`)
        : new InputError(`entry ${entry.name} inflates to more than ${entryLimit} bytes`);
    }
    if (data.length !== entry.size || crc32(data) !== entry.crc) {
      throw new InputError(`entry ${entry.name} does not match its declared size and crc`);
    }
    total += data.length;
    files.set(entry.name, data);
  }
  return files;
}

/** The entry's bytes, or null when they would pass `cap`. */
function inflateEntry(zip: Uint8Array, entry: ZipEntry, cap: number): Uint8Array | null {
  const compressed = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) return compressed.length > cap ? null : compressed;
  try {
    // maxOutputLength stops inflating at the cap: no more than `cap` bytes are ever allocated.
    const out = inflateRawSync(compressed, { maxOutputLength: Math.max(cap, 1) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw new InputError(
      `entry ${entry.name} is corrupt (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
