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
