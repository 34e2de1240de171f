import { createHash } from 'node:crypto';

/** Hex sha256 of a release asset's bytes (text as UTF-8, as it is uploaded). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
