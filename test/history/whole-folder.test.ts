import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHistoryDirectory } from '../../src/history/api-store.ts';
import { listWholeHistoryDirectory } from '../../src/history/whole-folder.ts';
import { sandboxRepo, type SandboxRepo } from '../github/sandbox-setup.ts';

let env: SandboxRepo;
const branch = 'modelgate-history';
const history = () => ({ ...env.context, branch });

/** One commit on the history branch with `count` files in `folder`, all one blob (cheap). */
async function seedFolder(folder: string, count: number): Promise<void> {
  const git = env.sandbox.gitRepo(env.repo.fullName);
  const blob = await git.writeBlob('{}\n');
  const entries = Array.from({ length: count }, (_, index) => ({
    path: `${folder}/${String(index).padStart(5, '0')}.json`,
    mode: '100644',
    sha: blob,
  }));
  const ref = `refs/heads/${branch}`;
  const tip = await git.resolve(ref);
  const tree = await git.buildTree(tip, entries);
  const who = { name: 'seed', email: 'seed@example.com', date: '2026-01-01T00:00:00Z' };
  await git.updateRef(ref, await git.commitTree(tree, tip === null ? [] : [tip], 'seed', who), tip);
}

beforeAll(async () => {
  env = await sandboxRepo();
  await seedFolder('monitoring/small', 3);
  await seedFolder('monitoring/big', 1_200);
});
afterAll(async () => {
  await env.sandbox.close();
});

describe('listWholeHistoryDirectory', () => {
  it('lists a small folder with the one contents request', async () => {
    const mark = env.sandbox.requests.length;
    const entries = await listWholeHistoryDirectory(history(), 'monitoring/small');
    expect(entries.map((entry) => entry.name)).toEqual(['00000.json', '00001.json', '00002.json']);
    expect(entries[0]).toMatchObject({ type: 'file', path: 'monitoring/small/00000.json' });
    expect(env.requestsSince(mark)).toHaveLength(1);
  });

  it('lists a folder past the contents API limit whole, newest names included', async () => {
    // What GitHub's contents API gives (the sandbox plays it): the first 1,000, no more.
    const capped = await listHistoryDirectory(history(), 'monitoring/big');
    expect(capped).toHaveLength(1_000);
    expect(capped.at(-1)?.name).toBe('00999.json');
    const entries = await listWholeHistoryDirectory(history(), 'monitoring/big');
    expect(entries).toHaveLength(1_200);
    expect(entries.at(-1)).toEqual({
      type: 'file',
      name: '01199.json',
      path: 'monitoring/big/01199.json',
    });
  });

  it('finds nothing in a folder or on a branch that does not exist', async () => {
    expect(await listWholeHistoryDirectory(history(), 'monitoring/none')).toEqual([]);
    expect(
      await listWholeHistoryDirectory({ ...env.context, branch: 'no-such-branch' }, 'monitoring'),
    ).toEqual([]);
  });
});
