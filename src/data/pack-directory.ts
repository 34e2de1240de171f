import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '../core/errors.ts';

/**
 * A folder as one deterministic `.tar.gz`: the same files give the same bytes, whoever packs
 * them and whenever, so a release asset's sha256 names its content. Written here because no
 * dependency of the project writes tar (fflate does zip and gzip only) and the format needs
 * just POSIX ustar headers: sorted paths, mtime 0, uid/gid 0, no owner names, modes 0644/0755.
 */

const BLOCK = 512;
/** Most bytes packed, so a stray `model: .` cannot pack the whole checkout into a release. */
export const MAX_PACKED_BYTES = 2 * 1024 * 1024 * 1024;

/** A file or folder inside the packed folder, by its `/`-separated path. */
interface Entry {
  path: string;
  kind: 'file' | 'dir';
  data: Uint8Array;
}

async function walk(root: string, prefix: string, out: Entry[], total: { bytes: number }) {
  const names = (await readdir(join(root, prefix))).sort();
  for (const name of names) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const info = await lstat(join(root, path));
    if (info.isSymbolicLink()) {
      // A link could point anywhere on the runner (a token file, the home folder): its target
      // must never end up in a public release.
      throw new InputError(
        `${join(root, path)} is a symbolic link; expected only plain files and folders in the model folder.`,
      );
    }
    if (info.isDirectory()) {
      out.push({ path: `${path}/`, kind: 'dir', data: new Uint8Array() });
      await walk(root, path, out, total);
    } else if (info.isFile()) {
      total.bytes += info.size;
      if (total.bytes > MAX_PACKED_BYTES)
        throw new InputError(
          `${root} holds more than ${MAX_PACKED_BYTES} bytes; expected a model folder, not the whole checkout.`,
        );
      out.push({ path, kind: 'file', data: new Uint8Array(await readFile(join(root, path))) });
    }
  }
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** Splits a path into ustar's name (≤ 100 bytes) and prefix (≤ 155 bytes) fields. */
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  for (let i = trimmed.lastIndexOf('/'); i > 0; i = trimmed.lastIndexOf('/', i - 1)) {
    const name = path.slice(i + 1);
    const prefix = path.slice(0, i);
    if (Buffer.byteLength(name) <= 100 && Buffer.byteLength(prefix) <= 155) return { name, prefix };
  }
  throw new InputError(`${path} is too long a path to pack; expected at most 255 bytes.`);
}

function header(entry: Entry): Uint8Array {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(entry.path);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(entry.kind === 'dir' ? 0o755 : 0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii'); // uid
  block.write(octal(0, 8), 116, 'ascii'); // gid
  block.write(octal(entry.data.byteLength, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii'); // mtime: the epoch, so packing time leaves no trace
  block.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  block.write(entry.kind === 'dir' ? '5' : '0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** The tar stream of `entries`, in their order, ending with two zero blocks. */
export function tarOf(entries: readonly Entry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.data);
    const pad = (BLOCK - (entry.data.byteLength % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return Buffer.concat(parts);
}

/**
 * Packs the folder `dir` as a deterministic `.tar.gz` whose entries sit under `name/`. Refuses
 * symbolic links (their targets would be published) and folders over `MAX_PACKED_BYTES`.
 */
export async function packDirectory(dir: string, name: string): Promise<Uint8Array> {
  const entries: Entry[] = [{ path: `${name}/`, kind: 'dir', data: new Uint8Array() }];
  const inside: Entry[] = [];
  await walk(dir, '', inside, { bytes: 0 });
  // posix.join keeps a folder's trailing slash, which tar uses to mark it.
  for (const entry of inside) entries.push({ ...entry, path: posix.join(name, entry.path) });
  const gz = gzipSync(tarOf(entries), { level: 9 });
  // Byte 9 of a gzip header names the OS that wrote it (3 on Linux, 10 on Windows' zlib);
  // 255, "unknown", makes the bytes the same on every runner.
  gz[9] = 255;
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}
