import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect } from 'vitest';

/**
 * Vitest setup file: each test file gets its own TMPDIR inside the run's temp root
 * (`temp-root.ts`), and fails when it leaves anything there, naming what was left. The
 * folder is removed either way, so one sloppy test does not fill the disk. Registered before
 * the file's own hooks, this `afterAll` runs after them (vitest runs after-hooks as a stack).
 */
const parent = tmpdir();
const mine = mkdtempSync(join(parent, 'file-'));
chmodSync(mine, 0o711);
process.env.TMPDIR = mine;

afterAll(() => {
  process.env.TMPDIR = parent;
  // tsx keeps its compile cache in `tsx-<uid>` when a test starts a `--import tsx` child: a
  // tool's cache, not something the test made, and removed with the folder all the same.
  const left = readdirSync(mine).filter((name) => !/^tsx-\d+$/.test(name));
  rmSync(mine, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `${relative(process.cwd(), expect.getState().testPath ?? 'this test file')} left ${left.join(', ')} in the temp dir; ` +
        'expected each test to remove what it creates (afterEach, afterAll or finally).',
    );
  }
});
