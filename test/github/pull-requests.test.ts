import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMergedPullRequest, hasWriteAccess } from '../../src/github/pull-requests.ts';
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
