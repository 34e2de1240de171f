import { execFileSync } from 'node:child_process';
import { mkdir, symlink, utimes, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packDirectory } from '../../src/data/pack-directory.ts';
import { sha256Hex } from '../../src/github/asset-digest.ts';
import { testTempDir } from '../support/temp-dir.ts';

async function modelFolder(root: string): Promise<string> {
  const dir = join(root, 'model');
  await mkdir(join(dir, 'weights'), { recursive: true });
  await writeFile(join(dir, 'model.joblib'), 'pipeline bytes');
  await writeFile(join(dir, 'weights/b.bin'), new Uint8Array(700).fill(7));
  await writeFile(join(dir, 'weights/a.bin'), 'first');
  return dir;
}

describe('packDirectory', () => {
  it('gives the same bytes for the same files, whatever their times, modes and creation order', async () => {
    const one = await modelFolder(await testTempDir('pack-a'));
    const two = await modelFolder(await testTempDir('pack-b'));
    await utimes(join(two, 'model.joblib'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    await chmod(join(two, 'weights/a.bin'), 0o600);
    const first = await packDirectory(one, 'model');
    expect(sha256Hex(await packDirectory(two, 'model'))).toBe(sha256Hex(first));
    // The OS byte of the gzip header is pinned, so Windows and Linux runners agree.
    expect(first[9]).toBe(255);

    await writeFile(join(two, 'weights/a.bin'), 'First');
    expect(sha256Hex(await packDirectory(two, 'model'))).not.toBe(sha256Hex(first));
  });

  it('writes a tar that tar reads: sorted entries under the folder name, epoch times, no owners', async () => {
    const root = await testTempDir('pack-tar');
    const archive = join(root, 'model.tar.gz');
    await writeFile(archive, await packDirectory(await modelFolder(root), 'model'));
    const listing = execFileSync('tar', ['tvzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((line) => line.split(/\s+/).at(-1))).toEqual([
      'model/',
      'model/model.joblib',
      'model/weights/',
      'model/weights/a.bin',
      'model/weights/b.bin',
    ]);
    expect(listing.every((line) => line.includes('0/0') && line.includes('1970-01-01'))).toBe(true);
    const out = join(root, 'out');
    await mkdir(out);
    execFileSync('tar', ['xzf', archive, '-C', out]);
    expect(execFileSync('cat', [join(out, 'model/weights/a.bin')], { encoding: 'utf8' })).toBe(
      'first',
    );
    expect(gunzipSync(await packDirectory(join(root, 'model'), 'model')).byteLength % 512).toBe(0);
  });

  it('refuses a symbolic link, whose target would be published', async () => {
    const root = await testTempDir('pack-link');
    const dir = await modelFolder(root);
    await writeFile(join(root, 'token'), 'secret');
    await symlink(join(root, 'token'), join(dir, 'token'));
    await expect(packDirectory(dir, 'model')).rejects.toThrow(
      /model\/token is a symbolic link; expected only plain files and folders in the model folder\./,
    );
  });
});
