import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { checkEntryName, safeUnzip } from '../../src/github/safe-unzip.ts';

const limits = { maxEntries: 50, maxTotalBytes: 2_000_000, maxEntryBytes: () => 1_000_000 };
const all = (): boolean => true;

/** Rewrites the uncompressed size in the central directory and local header: a lying archive. */
function understateSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let i = copy.length - 22; i >= 0; i -= 1) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  view.setUint32(22, size, true);
  return copy;
}

function streamedZip(files: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  for (const [name, text] of Object.entries(files)) {
    const entry = new ZipDeflate(name);
    zip.add(entry);
    entry.push(strToU8(text), true);
  }
  zip.end();
  return Buffer.concat(parts);
}

describe('safeUnzip', () => {
  it('extracts the wanted entries and skips the rest', () => {
    const zip = zipSync({
      'metrics.json': strToU8('{"a":1}'),
      'model/weights.bin': new Uint8Array(10),
    });
    const files = safeUnzip(zip, (name) => name === 'metrics.json', limits);
    expect([...files.keys()]).toEqual(['metrics.json']);
    expect(Buffer.from(files.get('metrics.json') ?? []).toString()).toBe('{"a":1}');
  });

  it('reads archives written with data descriptors, as streaming zippers write them', () => {
    const files = safeUnzip(
      streamedZip({ 'metrics.json': '{"x":2}'.repeat(500), 'report.md': '# r' }),
      all,
      limits,
    );
    expect(files.get('metrics.json')?.length).toBe(3500);
    expect(Buffer.from(files.get('report.md') ?? []).toString()).toBe('# r');
  });

  it('stops a zip bomb whose headers understate its size, counting the bytes as they inflate', () => {
    const bomb = understateSize(
      zipSync({ 'metrics.json': new Uint8Array(20_000_000) }, { level: 9 }),
      100,
    );
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => safeUnzip(bomb, all, limits)).toThrow(
      new InputError('entry metrics.json inflates to more than 1000000 bytes'),
    );
  });

  it('refuses an archive whose declared sizes exceed the total before inflating anything', () => {
    const zip = zipSync({ 'a.bin': new Uint8Array(1_500_000), 'b.bin': new Uint8Array(1_500_000) });
    expect(() => safeUnzip(zip, () => false, limits)).toThrow(
      'the archive declares more than 2000000 bytes uncompressed',
    );
  });

  it('refuses too many entries', () => {
    const many = Object.fromEntries(
      Array.from({ length: 51 }, (_, i) => [`f${i}.txt`, new Uint8Array(1)]),
    );
    expect(() => safeUnzip(zipSync(many), all, limits)).toThrow(
      'the archive has more than 50 entries',
    );
  });

  it.each([
    ['../outside.json', "has a '..' segment in its path"],
    ['model/../../x', "has a '..' segment in its path"],
    ['/etc/passwd', 'has an absolute path'],
    ['C:/windows', 'has an absolute path'],
    ['a\\b', 'has a control character or backslash in its name'],
  ])('refuses the entry name %s', (name, problem) => {
    expect(checkEntryName(name)).toBe(problem);
    expect(() => safeUnzip(zipSync({ [name]: new Uint8Array(1) }), all, limits)).toThrow(problem);
  });

  it('refuses data that is not a zip archive', () => {
    expect(() => safeUnzip(strToU8('{"this is": "json, not a zip"}'), all, limits)).toThrow(
      'it is not a valid zip archive',
    );
  });
});

/** Offsets of the local headers and central directory entries of an archive, in order. */
function headers(zip: Uint8Array): { local: number[]; central: number[] } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const local: number[] = [];
  const central: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i += 1) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) local.push(i);
    if (signature === 0x02014b50) central.push(i);
  }
  return { local, central };
}

function patch(zip: Uint8Array, edit: (view: DataView, copy: Uint8Array) => void): Uint8Array {
  const copy = zip.slice();
  edit(new DataView(copy.buffer), copy);
  return copy;
}

describe('safeUnzip reads what unzip reads: the central directory, checked against local headers', () => {
  const honest = zipSync({ 'metrics.json': strToU8('{"accuracy":0.5}') }, { level: 0 });

  it('refuses a local header whose name differs from the directory', () => {
    const { local } = headers(honest);
    const zip = patch(honest, (_view, copy) =>
      copy.set(strToU8('metrics.jsoX'), (local[0] ?? 0) + 30),
    );
    expect(() => safeUnzip(zip, all, limits)).toThrow('has another name in its local header');
  });

  it('refuses a local header whose size differs from the directory', () => {
    const { local } = headers(honest);
    const zip = patch(honest, (view) => view.setUint32((local[0] ?? 0) + 22, 3, true));
    expect(() => safeUnzip(zip, all, limits)).toThrow(
      'has another crc or size in its local header',
    );
  });

  it('refuses a local header whose method differs from the directory', () => {
    const { local } = headers(honest);
    const zip = patch(honest, (view) => view.setUint16((local[0] ?? 0) + 8, 8, true));
    expect(() => safeUnzip(zip, all, limits)).toThrow(
      'has another compression method in its local header',
    );
  });

  it('refuses data whose crc differs from the one declared in both headers', () => {
    const { local, central } = headers(honest);
    const zip = patch(honest, (view) => {
      view.setUint32((local[0] ?? 0) + 14, 1234, true);
      view.setUint32((central[0] ?? 0) + 16, 1234, true);
    });
    expect(() => safeUnzip(zip, all, limits)).toThrow(
      'entry metrics.json does not match its declared size and crc',
    );
  });

  it('refuses a second metrics.json hidden between the entries and the directory', () => {
    // Streaming readers walk local headers and take the hidden (later) entry; unzip reads the
    // directory and takes the honest one. Such an archive is refused, not read either way.
    const evil = zipSync({ 'metrics.json': strToU8('{"accuracy":0.99}') }, { level: 0 });
    const {
      central: [directory = 0],
    } = headers(honest);
    const {
      central: [evilDirectory = 0],
    } = headers(evil);
    const entries = honest.subarray(0, directory);
    const hidden = evil.subarray(0, evilDirectory);
    const tail = honest.subarray(directory);
    const zip = new Uint8Array(entries.length + hidden.length + tail.length);
    zip.set(entries, 0);
    zip.set(hidden, entries.length);
    zip.set(tail, entries.length + hidden.length);
    // The end record now points at the moved directory, as an attacker would write it.
    new DataView(zip.buffer).setUint32(zip.length - 22 + 16, entries.length + hidden.length, true);
    expect(() => safeUnzip(zip, all, limits)).toThrow('bytes no entry claims');
  });

  it('refuses entries that overlap (a non-recursive zip bomb)', () => {
    const two = zipSync({ 'a.json': strToU8('{}'), 'b.json': strToU8('{}') }, { level: 0 });
    const { central } = headers(two);
    // b's directory entry points at a's local header and data.
    const zip = patch(two, (view) => view.setUint32((central[1] ?? 0) + 42, 0, true));
    expect(() => safeUnzip(zip, all, limits)).toThrow(/another name|overlaps another entry/);
  });

  it('refuses bytes prepended before the first entry', () => {
    const zip = new Uint8Array(honest.length + 4);
    zip.set(honest, 4);
    expect(() => safeUnzip(zip, all, limits)).toThrow();
  });

  it('refuses a symbolic link entry', () => {
    const { central } = headers(honest);
    const zip = patch(honest, (view) => {
      view.setUint8((central[0] ?? 0) + 5, 3);
      view.setUint32((central[0] ?? 0) + 38, (0o120777 << 16) >>> 0, true);
    });
    expect(() => safeUnzip(zip, all, limits)).toThrow('is a symbolic link');
  });
});
