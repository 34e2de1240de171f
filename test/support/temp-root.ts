import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: the whole run gets one private temp root, made the process's TMPDIR
 * before the workers start, so everything a test, the code under test or a child process
 * puts in `os.tmpdir()` lands there — not in the shared /tmp that other runs on the machine
 * use. `temp-per-file.ts` gives each test file its own folder inside and fails the file that
 * leaves something behind; the teardown here catches what outlived its file (a detached
 * child, a late write) and then removes the root either way.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const systemTemp = tmpdir();
  const before = new Set(await modelgateEntries(systemTemp));
  const root = await mkdtemp(join(systemTemp, 'modelgate-test-run-'));
  // 0711: the atomic-write probe runs as `nobody` and must traverse to its own folder.
  await chmod(root, 0o711);
  process.env.TMPDIR = root;
  return async () => {
    process.env.TMPDIR = systemTemp;
    const left = await readdir(root);
    await rm(root, { recursive: true, force: true });
    // Other runs share the system temp dir, so a new entry there is reported, not failed.
    const outside = (await modelgateEntries(systemTemp)).filter((name) => !before.has(name));
    if (outside.length > 0) {
      console.warn(
        `New modelgate-* entries in ${systemTemp} during this run: ${outside.join(', ')}`,
      );
    }
    if (left.length > 0) {
      throw new Error(
        `The test run left ${left.join(', ')} in its temp root after every file finished; ` +
          'expected each test to remove what it creates.',
      );
    }
  };
}

async function modelgateEntries(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('modelgate-'));
}
