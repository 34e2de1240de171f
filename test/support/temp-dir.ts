import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh `modelgate-<prefix>-` folder in the temp dir, removed when the calling test
 * finishes, passed or failed. Call it inside a test body; hooks that share a folder across
 * tests pair `mkdtemp` with `rm` in `afterAll` instead.
 */
export async function testTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `modelgate-${prefix}-`));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
