import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { InputError } from '../core/errors.ts';

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
 * Two passes, because the sizes in a zip header are whatever the attacker wrote: the central
 * directory is read first (entry count, names, declared sizes — nothing is inflated), then
 * only the wanted entries are inflated, streaming, with every produced byte counted, and the
 * extraction stops as soon as a limit is passed. A bomb whose headers understate its size is
 * caught by the count, not by its own headers.
 */
export function safeUnzip(
  zip: Uint8Array,
  wanted: (name: string) => boolean,
  limits: UnzipLimits,
): Map<string, Uint8Array> {
  const listed = new Set<string>();
  let declaredTotal = 0;
  try {
    unzipSync(zip, {
      filter(entry) {
        if (listed.size >= limits.maxEntries) {
          throw new InputError(`the archive has more than ${limits.maxEntries} entries`);
        }
        const problem = checkEntryName(entry.name);
        if (problem !== null)
          throw new InputError(`entry ${JSON.stringify(entry.name.slice(0, 100))} ${problem}`);
        if (listed.has(entry.name)) throw new InputError(`entry ${entry.name} appears twice`);
        listed.add(entry.name);
        declaredTotal += entry.originalSize;
        if (declaredTotal > limits.maxTotalBytes) {
          throw new InputError(
            `the archive declares more than ${limits.maxTotalBytes} bytes uncompressed`,
          );
        }
        return false;
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('it is not a valid zip archive');
  }

  const files = new Map<string, Uint8Array>();
  const pending = new Map<string, Uint8Array[]>();
  let total = 0;
  const unzip = new Unzip((file) => {
    if (!listed.has(file.name))
      throw new InputError(
        `entry ${JSON.stringify(file.name.slice(0, 100))} is not in the archive's directory`,
      );
    if (!wanted(file.name) || file.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    const entryLimit = limits.maxEntryBytes(file.name);
    pending.set(file.name, chunks);
    file.ondata = (error, chunk, final) => {
      if (error !== null) {
        // fflate hands an exception thrown by this callback back to it as `error`.
        if (error instanceof InputError) throw error;
        throw new InputError(`entry ${file.name} is corrupt (${error.message})`);
      }
      size += chunk.length;
      total += chunk.length;
      if (size > entryLimit) {
        throw new InputError(`entry ${file.name} inflates to more than ${entryLimit} bytes`);
      }
      if (total > limits.maxTotalBytes) {
        throw new InputError(`the archive inflates to more than ${limits.maxTotalBytes} bytes`);
      }
      chunks.push(chunk);
      if (final) {
        files.set(file.name, concat(chunks, size));
        pending.delete(file.name);
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  // Deflate expands at most about 1032:1, so one 4 KiB push inflates to at most ~4 MiB
  // before the counters see it: the overshoot past a limit stays bounded and small.
  const slice = 4 * 1024;
  try {
    for (let offset = 0; offset < zip.length; offset += slice) {
      unzip.push(zip.subarray(offset, offset + slice), offset + slice >= zip.length);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `it is not a valid zip archive (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const unfinished = [...pending.keys()];
  if (unfinished.length > 0) throw new InputError(`entry ${unfinished[0]} is truncated`);
  return files;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
