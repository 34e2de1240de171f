import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureHistoryBranch,
  readHistoryRecord,
  writeHistoryRecord,
} from '../../src/history/api-store.ts';
import { listHistoryShas } from '../../src/history/whole-folder.ts';
import { recordHistoryWithGit } from '../../src/history/git-store.ts';
import { sandboxRepo, sandboxServes, type SandboxRepo } from '../github/sandbox-setup.ts';
import { fakeSha, metricsFixture } from './fixtures.ts';
import { git } from './git-repos.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let env: SandboxRepo;
let scratch: string;
let checkout: string;
const seed = fakeSha(999);
beforeAll(async () => {
  env = await sandboxRepo();
  scratch = await mkdtemp(join(tmpdir(), 'modelgate-sandbox-git-'));
  checkout = join(scratch, 'work');
  await git(scratch, 'clone', '--quiet', env.repo.gitUrl, checkout);
  // The history branch is started over git (an orphan push), as the Action's first
  // default-branch run does; the API path that starts it is tested on its own below.
  await recordHistoryWithGit({
    cwd: checkout,
    branch,
    sha: seed,
    metrics: metricsFixture(0.85, seed),
  });
});
afterAll(async () => {
  await env.sandbox.close();
  await rm(scratch, { recursive: true, force: true });
});

const branch = 'modelgate-history';
const history = () => ({ ...env.context, branch });

describe('writeHistoryRecord and readHistoryRecord', () => {
  it('records a commit on a history branch that shares nothing with the code', async () => {
    const sha = fakeSha(1);
    expect(await readHistoryRecord({ ...history(), sha })).toBeNull();
    const written = await writeHistoryRecord({
      ...history(),
      sha,
      metrics: metricsFixture(0.9, sha),
    });
    expect(written).toMatchObject({ action: 'created', path: `history/${sha}.json` });
    expect(await readHistoryRecord({ ...history(), sha })).toEqual(metricsFixture(0.9, sha));
    expect(await readHistoryRecord({ ...history(), sha: seed })).toEqual(
      metricsFixture(0.85, seed),
    );
    const { data } = await env.octokit.rest.repos.listCommits({ ...env.context, sha: branch });
    expect(data.map((commit) => commit.parents.length)).toEqual([1, 0]);
  });

  it('never overwrites a record', async () => {
    const sha = fakeSha(2);
    await writeHistoryRecord({ ...history(), sha, metrics: metricsFixture(0.9, sha) });
    const again = await writeHistoryRecord({
      ...history(),
      sha,
      metrics: metricsFixture(0.1, sha),
    });
    expect(again).toEqual({ action: 'exists', path: `history/${sha}.json`, commitSha: null });
    expect(await readHistoryRecord({ ...history(), sha })).toEqual(metricsFixture(0.9, sha));
  });

  it('keeps every record when writers race for the branch (409s are retried)', async () => {
    const shas = Array.from({ length: 6 }, (_, i) => fakeSha(200 + i));
    const mark = env.sandbox.requests.length;
    const results = await Promise.all(
      shas.map((sha, i) =>
        writeHistoryRecord({ ...history(), sha, metrics: metricsFixture(0.8 + i / 100, sha) }),
      ),
    );
    expect(results.map((r) => r.action)).toEqual(Array(6).fill('created'));
    for (const [i, sha] of shas.entries()) {
      expect(await readHistoryRecord({ ...history(), sha })).toEqual(
        metricsFixture(0.8 + i / 100, sha),
      );
    }
    const statuses = env.sandbox.requests
      .slice(mark)
      .filter((r) => r.method === 'PUT')
      .map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(6);
    expect(await listHistoryShas(history())).toEqual(
      new Set([seed, fakeSha(1), fakeSha(2), ...shas]),
    );
  });

  it('keeps pull request records apart from default-branch records', async () => {
    const sha = fakeSha(3);
    await writeHistoryRecord({
      ...history(),
      sha,
      scope: 'pull-request',
      metrics: metricsFixture(0.5, sha),
    });
    expect(await readHistoryRecord({ ...history(), sha })).toBeNull();
    expect(await readHistoryRecord({ ...history(), sha, scope: 'pull-request' })).toEqual(
      metricsFixture(0.5, sha),
    );
    expect((await listHistoryShas(history(), 'pull-request'))?.has(sha)).toBe(true);
    expect((await listHistoryShas(history()))?.has(sha)).toBe(false);
  });

  it('names a corrupt record', async () => {
    const sha = fakeSha(4);
    await env.sandbox.commit({
      repo: env.repo.fullName,
      branch,
      files: { [`history/${sha}.json`]: '{"schema":"modelgate/metrics@1"}' },
      message: 'corrupt',
    });
    await expect(readHistoryRecord({ ...history(), sha })).rejects.toThrow(
      `history record history/${sha}.json on branch ${branch}: task must be`,
    );
  });

  it('agrees with records pushed over git, both ways', async () => {
    const sha = fakeSha(5);
    const pushed = await recordHistoryWithGit({
      cwd: checkout,
      branch,
      sha,
      metrics: metricsFixture(0.77, sha),
    });
    expect(pushed.action).toBe('created');
    expect(await readHistoryRecord({ ...history(), sha })).toEqual(metricsFixture(0.77, sha));
    // A record written through the API is not overwritten over git.
    const again = await recordHistoryWithGit({
      cwd: checkout,
      branch,
      sha: fakeSha(1),
      metrics: metricsFixture(0.1),
    });
    expect(again.action).toBe('exists');
  });

  it('keeps both records when two checkouts race over git HTTP', async () => {
    await git(scratch, 'clone', '--quiet', env.repo.gitUrl, 'second');
    const shas = [fakeSha(21), fakeSha(22), fakeSha(23), fakeSha(24)];
    const results = await Promise.all(
      shas.map((sha, i) =>
        recordHistoryWithGit({
          cwd: i % 2 === 0 ? checkout : join(scratch, 'second'),
          branch,
          sha,
          metrics: metricsFixture(0.7, sha),
        }),
      ),
    );
    expect(results.map((r) => r.action)).toEqual(['created', 'created', 'created', 'created']);
    for (const sha of shas) {
      expect(await readHistoryRecord({ ...history(), sha })).toEqual(metricsFixture(0.7, sha));
    }
  });

  it('refuses a SHA that could escape the history directory', async () => {
    await expect(
      writeHistoryRecord({ ...history(), sha: '../README', metrics: metricsFixture(0.9) }),
    ).rejects.toThrow(
      'History records are keyed by a full commit SHA (40 hex digits), got "../README".',
    );
  });
});

describe('ensureHistoryBranch', () => {
  it.skipIf(!sandboxServes('POST /repos/{owner}/{repo}/git/trees'))(
    'creates an orphan branch with a README through the git data API',
    async () => {
      await ensureHistoryBranch({ ...env.context, branch: 'fresh-history' });
      const { data } = await env.octokit.rest.repos.getBranch({
        ...env.context,
        branch: 'fresh-history',
      });
      expect(data.commit.parents).toEqual([]);
      expect(
        await env.sandbox.readFile(env.repo.fullName, 'README.md', 'refs/heads/fresh-history'),
      ).toContain('# modelgate history');
    },
  );

  it.skipIf(!sandboxServes('POST /repos/{owner}/{repo}/git/trees'))(
    'lets the first API write start the branch when GitHub says it is missing',
    async () => {
      const sha = fakeSha(6);
      const written = await writeHistoryRecord({
        ...env.context,
        branch: 'api-history',
        sha,
        metrics: metricsFixture(0.66, sha),
      });
      expect(written.action).toBe('created');
      const { data } = await env.octokit.rest.repos.listCommits({
        ...env.context,
        sha: 'api-history',
      });
      expect(data.map((commit) => commit.parents.length)).toEqual([1, 0]);
      expect(await readHistoryRecord({ ...env.context, branch: 'api-history', sha })).toEqual(
        metricsFixture(0.66, sha),
      );
    },
  );
});
