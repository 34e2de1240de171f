import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findMergedPullRequest,
  findPullRequestsForRun,
  hasWriteAccess,
  listPullRequestCommits,
} from '../../src/github/pull-requests.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
beforeAll(async () => {
  env = await sandboxRepo();
});
afterAll(async () => {
  await env.sandbox.close();
});

async function branchWithCommits(branch: string, count: number): Promise<string[]> {
  const shas: string[] = [];
  for (let i = 0; i < count; i += 1) {
    shas.push(
      await env.sandbox.commit({
        repo: env.repo.fullName,
        branch,
        files: { [`${branch}.txt`]: `${i}` },
        message: `${branch} ${i}`,
      }),
    );
  }
  return shas;
}

describe('findPullRequestsForRun', () => {
  it('uses the run payload for a branch of the same repository', async () => {
    const [sha = ''] = await branchWithCommits('same-repo', 1);
    const pull = await env.sandbox.openPullRequest({
      repo: env.repo.fullName,
      head: 'same-repo',
      title: 'feat: better model',
      labels: ['release:minor'],
    });
    const found = await findPullRequestsForRun({
      ...env.context,
      run: { head_sha: sha, head_branch: 'same-repo', pull_requests: [{ number: pull.number }] },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      number: pull.number,
      title: 'feat: better model',
      headSha: sha,
      headRef: 'same-repo',
      baseRef: 'main',
      isFork: false,
      labels: ['release:minor'],
      merged: false,
      state: 'open',
    });
  });

  it('finds a fork pull request, whose workflow_run lists no pull requests', async () => {
    const [sha = ''] = await branchWithCommits('from-fork', 1);
    const pull = await env.sandbox.openPullRequest({
      repo: env.repo.fullName,
      head: 'from-fork',
      title: 'fork',
      fromFork: 'outsider',
    });
    const found = await findPullRequestsForRun({
      ...env.context,
      run: {
        head_sha: sha,
        head_branch: 'from-fork',
        pull_requests: [],
        head_repository: { owner: { login: 'outsider' } },
      },
    });
    expect(found.map((p) => [p.number, p.isFork, p.author])).toEqual([
      [pull.number, true, 'outsider'],
    ]);
    // A run for a commit the pull request no longer has matches nothing.
    const stale = await findPullRequestsForRun({
      ...env.context,
      run: {
        head_sha: 'f'.repeat(40),
        head_branch: 'from-fork',
        pull_requests: [],
        head_repository: { owner: { login: 'outsider' } },
      },
    });
    expect(stale).toEqual([]);
  });
  it("ignores another repository's pull request listed in the payload", async () => {
    const [sha = ''] = await branchWithCommits('shared-name', 1);
    const pull = await env.sandbox.openPullRequest({
      repo: env.repo.fullName,
      head: 'shared-name',
      title: 'ours',
    });
    const foreign = {
      number: 1,
      base: { repo: { url: `${env.sandbox.apiUrl}/repos/someone/fork-of-model` } },
    };
    const own = {
      number: pull.number,
      base: { repo: { url: `${env.sandbox.apiUrl}/repos/${env.owner}/${env.name}` } },
    };
    const found = await findPullRequestsForRun({
      ...env.context,
      run: { head_sha: sha, head_branch: 'shared-name', pull_requests: [foreign, own] },
    });
    expect(found.map((p) => p.number)).toEqual([pull.number]);
  });
});

describe('listPullRequestCommits', () => {
  it('lists the commits oldest first', async () => {
    const shas = await branchWithCommits('trend', 3);
    const pull = await env.sandbox.openPullRequest({
      repo: env.repo.fullName,
      head: 'trend',
      title: 'trend',
    });
    expect(await listPullRequestCommits({ ...env.context, number: pull.number })).toEqual(shas);
  });
});

describe('findMergedPullRequest', () => {
  it.each(['merge', 'squash', 'rebase'] as const)(
    'finds the pull request a %s merge came from',
    async (method) => {
      await branchWithCommits(`to-${method}`, 2);
      const pull = await env.sandbox.openPullRequest({
        repo: env.repo.fullName,
        head: `to-${method}`,
        title: `fix: ${method}`,
      });
      const tip = await env.sandbox.mergePullRequest({
        repo: env.repo.fullName,
        number: pull.number,
        method,
      });
      expect(await findMergedPullRequest({ ...env.context, sha: tip })).toMatchObject({
        number: pull.number,
        title: `fix: ${method}`,
        merged: true,
        mergeCommitSha: tip,
      });
    },
  );

  it('gives null for a direct push', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'main',
      files: { 'd.txt': 'd' },
      message: 'direct',
    });
    expect(await findMergedPullRequest({ ...env.context, sha })).toBeNull();
  });
});

describe('hasWriteAccess', () => {
  it('allows admin, maintain and write; refuses triage, read and strangers', async () => {
    const record = env.sandbox.repoRecord(env.repo.fullName);
    for (const [login, role] of [
      ['maintainer', 'maintain'],
      ['writer', 'write'],
      ['triager', 'triage'],
      ['reader', 'read'],
    ] as const) {
      env.sandbox.account(login);
      record.collaborators.set(login, role);
    }
    env.sandbox.account('passer-by');
    const access = async (username: string) => hasWriteAccess({ ...env.context, username });
    expect(await access(env.owner)).toBe(true);
    expect(await access('maintainer')).toBe(true);
    expect(await access('writer')).toBe(true);
    expect(await access('triager')).toBe(false);
    expect(await access('reader')).toBe(false);
    expect(await access('passer-by')).toBe(false);
    expect(await access('no-such-user')).toBe(false);
  });
});
