import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHistoryDirectory } from '../../src/history/api-store.ts';
import { listHistoryShas, listWholeHistoryDirectory } from '../../src/history/whole-folder.ts';
import { json, repoRoute } from '../../src/sandbox/http/route.ts';
import { sandboxRepo, type SandboxRepo } from '../github/sandbox-setup.ts';

let env: SandboxRepo;
const branch = 'modelgate-history';
const history = () => ({ ...env.context, branch });

/** Record file names: a 40-hex commit SHA per index. */
const recordName = (index: number) => `${index.toString(16).padStart(40, '0')}.json`;

/**
 * One commit on the history branch with `count` files in `folder`, all one blob (cheap),
 * named by `name` (zero-padded numbers by default).
 */
async function seedFolder(
  folder: string,
  count: number,
  name = (index: number) => `${String(index).padStart(5, '0')}.json`,
  into: SandboxRepo = env,
): Promise<void> {
  const git = into.sandbox.gitRepo(into.repo.fullName);
  const blob = await git.writeBlob('{}\n');
  const entries = Array.from({ length: count }, (_, index) => ({
    path: `${folder}/${name(index)}`,
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
  await seedFolder('history', 1_100, recordName);
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

describe('listHistoryShas', () => {
  it('knows every recorded commit past the 1,000 entries the contents API lists', async () => {
    const listed = new Set(
      (await listHistoryDirectory(history(), 'history')).map((entry) => entry.name),
    );
    expect(listed.size).toBe(1_000);
    const shas = await listHistoryShas(history());
    expect(shas?.size).toBe(1_100);
    const unlisted = Array.from({ length: 1_100 }, (_, i) => recordName(i)).filter(
      (name) => !listed.has(name),
    );
    expect(unlisted).toHaveLength(100);
    for (const name of unlisted) expect(shas?.has(name.slice(0, 40))).toBe(true);
  });

  it('says it does not know (null), never a partial set, when GitHub cuts the tree listing short', async () => {
    // GitHub sets `truncated` past its listing limit (100,000 entries, 7 MB); this sandbox
    // says so for every tree, so the seeded 1,100 records cannot all be known.
    const truncating = repoRoute(
      'GET',
      '/repos/{owner}/{repo}/git/trees/{tree_sha}',
      'contents',
      'read',
      async (ctx) => {
        const sha = ctx.params['tree_sha'] ?? '';
        const entries = await ctx.repo.git.listTree(sha, '');
        const tree = entries.map(({ path, mode, type, sha: entry }) => ({
          path,
          mode,
          type,
          sha: entry,
        }));
        return json(200, { sha, url: '', truncated: true, tree });
      },
    );
    const cut = await sandboxRepo('cut', { 'README.md': '# model\n' }, { routes: [truncating] });
    try {
      await seedFolder('history', 1_100, recordName, cut);
      expect(await listHistoryShas({ ...cut.context, branch })).toBeNull();
    } finally {
      await cut.sandbox.close();
    }
  });
});
