import { InputError } from '../core/errors.ts';

/**
 * The central directory of a zip archive, read by hand rather than with fflate: the App must
 * see exactly the entries `unzip` sees, and fflate's streaming reader walks the local headers
 * instead, which an attacker can make say something else (a second `metrics.json` hidden
 * between entries, a local name or size that differs from the directory's). Here the directory
 * is the only index, and every local header must agree with it (APPNOTE.TXT 4.3).
 */

/** One entry as the central directory lists it, with where its data lies. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the compressed data (after the local header). */
  dataStart: number;
  /** Offset of the local header. */
  localOffset: number;
  /** Whether a data descriptor follows the data (general purpose flag bit 3). */
  hasDescriptor: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const ZIP64_LOCATOR = 0x07064b50;
const ENCRYPTED = 0x1;
const HAS_DESCRIPTOR = 0x8;
const UTF8_NAMES = 0x800;
/** `version made by` host 3 is Unix, whose mode sits in the high half of the attributes. */
const UNIX_HOST = 3;
const SYMLINK_MODE = 0o120000;

/** Reads the central directory and checks every local header against it. */
export function readZipDirectory(zip: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryStart = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryStart === 0xffffffff || view.getUint32(end + 4, true) !== 0) {
    throw new InputError('it is a ZIP64 or multi-disk archive, which artifacts never are');
  }
  if (end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) {
    throw new InputError('it is a ZIP64 archive, which artifacts never are');
  }
  if (count > maxEntries) throw new InputError(`the archive has more than ${maxEntries} entries`);
  // Nothing may sit between the directory and its end record, nor before the first entry
  // (a prepended stub is how one archive shows two readers two different contents).
  if (directoryStart + directorySize !== end) {
    throw new InputError('its central directory does not end where its end record starts');
  }

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = directoryStart;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) {
      throw new InputError('its central directory is truncated');
    }
    const nameLength = view.getUint16(at + 28, true);
    const next =
      at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > end) throw new InputError('its central directory is truncated');
    const flags = view.getUint16(at + 8, true);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    const name = decodeName(nameBytes, flags);
    const entry = { name, flags, nameBytes, method: view.getUint16(at + 10, true) };
    if (flags & ENCRYPTED) throw entryError(name, 'is encrypted');
    if (entry.method !== 0 && entry.method !== 8) {
      throw entryError(name, `uses compression method ${entry.method}, not stored or deflate`);
    }
    const host = view.getUint8(at + 5);
    const mode = view.getUint32(at + 38, true) >>> 16;
    if (host === UNIX_HOST && (mode & 0o170000) === SYMLINK_MODE) {
      throw entryError(name, 'is a symbolic link');
    }
    if (names.has(name)) throw new InputError(`entry ${name} appears twice`);
    names.add(name);
    const listed = {
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
    };
    const localOffset = view.getUint32(at + 42, true);
    entries.push(checkLocal(zip, view, { ...entry, ...listed, localOffset }, directoryStart));
    at = next;
  }
  if (at !== end) throw new InputError('its central directory holds more than its entries');
  checkTiling(entries, zip, view, directoryStart);
  return entries;
}

function findEndOfDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535; the comment must end the file.
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 0xffff); at -= 1) {
    if (
      view.getUint32(at, true) === EOCD &&
      at + 22 + view.getUint16(at + 20, true) === view.byteLength
    ) {
      return at;
    }
  }
  throw new InputError('it is not a valid zip archive');
}

function decodeName(bytes: Uint8Array, flags: number): string {
  // Without the UTF-8 flag, `unzip` reads names as CP437; only ASCII reads the same both ways.
  if (!(flags & UTF8_NAMES) && bytes.some((byte) => byte > 0x7f)) {
    throw new InputError('an entry name is neither ASCII nor flagged as UTF-8');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('an entry name is not valid UTF-8');
  }
}

interface ListedEntry {
  name: string;
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The local header must repeat the directory's name, method, and (unless deferred) crc and sizes. */
function checkLocal(zip: Uint8Array, view: DataView, entry: ListedEntry, limit: number): ZipEntry {
  const at = entry.localOffset;
  if (at + 30 > limit || view.getUint32(at, true) !== LOCAL) {
    throw entryError(entry.name, 'has no local header where the directory says');
  }
  const nameLength = view.getUint16(at + 26, true);
  const dataStart = at + 30 + nameLength + view.getUint16(at + 28, true);
  const localName = zip.subarray(at + 30, at + 30 + nameLength);
  if (!sameBytes(localName, entry.nameBytes)) {
    throw entryError(entry.name, 'has another name in its local header');
  }
  const flags = view.getUint16(at + 6, true);
  if (view.getUint16(at + 8, true) !== entry.method || (flags & ENCRYPTED) !== 0) {
    throw entryError(entry.name, 'has another compression method in its local header');
  }
  const local = [
    view.getUint32(at + 14, true),
    view.getUint32(at + 18, true),
    view.getUint32(at + 22, true),
  ];
  const listed = [entry.crc, entry.compressedSize, entry.size];
  // A streaming zipper writes zeros here and the real values in a descriptor after the data.
  const deferred = (flags & HAS_DESCRIPTOR) !== 0 && local.every((value) => value === 0);
  if (!deferred && local.some((value, index) => value !== listed[index])) {
    throw entryError(entry.name, 'has another crc or size in its local header');
  }
  if (entry.method === 0 && entry.compressedSize !== entry.size) {
    throw entryError(entry.name, 'is stored with two different sizes');
  }
  if (dataStart + entry.compressedSize > limit) {
    throw entryError(entry.name, 'runs into the central directory');
  }
  return {
    name: entry.name,
    method: entry.method,
    crc: entry.crc,
    compressedSize: entry.compressedSize,
    size: entry.size,
    dataStart,
    localOffset: at,
    hasDescriptor: (flags & HAS_DESCRIPTOR) !== 0,
  };
}

/**
 * The entries must tile the bytes before the directory, in order, with nothing between them:
 * overlapping entries are how a small zip inflates the same data many times over (Fifield's
 * non-recursive zip bomb), and bytes no entry claims can hold a local entry that a streaming
 * reader would take and `unzip` would not.
 */
function checkTiling(
  entries: readonly ZipEntry[],
  zip: Uint8Array,
  view: DataView,
  directoryStart: number,
): void {
  let expected = 0;
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (const entry of byOffset) {
    if (entry.localOffset !== expected) {
      throw entryError(
        entry.name,
        entry.localOffset < expected ? 'overlaps another entry' : 'follows bytes no entry claims',
      );
    }
    expected = dataEnd(entry, zip, view);
  }
  if (expected !== directoryStart) {
    throw new InputError('it has bytes no entry claims before its central directory');
  }
}

/** Where an entry's data and its data descriptor (which must agree with the directory) end. */
function dataEnd(entry: ZipEntry, zip: Uint8Array, view: DataView): number {
  const after = entry.dataStart + entry.compressedSize;
  if (!entry.hasDescriptor) return after;
  // The descriptor's signature is optional (APPNOTE 4.3.9.3): crc, sizes, with or without it.
  const signed = after + 4 <= zip.byteLength && view.getUint32(after, true) === DESCRIPTOR;
  const at = signed ? after + 4 : after;
  if (at + 12 > zip.byteLength) throw entryError(entry.name, 'is truncated');
  const values = [
    view.getUint32(at, true),
    view.getUint32(at + 4, true),
    view.getUint32(at + 8, true),
  ];
  const listed = [entry.crc, entry.compressedSize, entry.size];
  if (values.some((value, index) => value !== listed[index])) {
    throw entryError(entry.name, 'has another crc or size in its data descriptor');
  }
  return at + 12;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function entryError(name: string, problem: string): InputError {
  return new InputError(`entry ${JSON.stringify(name.slice(0, 100))} ${problem}`);
}
