import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createOpenApiValidator } from '../support/openapi.ts';

let sandbox: Sandbox;
let work: string;

beforeAll(async () => {
  sandbox = await startSandbox({ validate: createOpenApiValidator() });
  work = await mkdtemp(join(tmpdir(), 'sandbox-pulls-'));
});

afterAll(async () => {
  expect(sandbox.violations).toEqual([]);
  expect(sandbox.serverErrors).toEqual([]);
  await sandbox.close();
  await rm(work, { recursive: true, force: true });
});

describe('pull requests', () => {
  it('follows the head branch while open, reports the merge base, and freezes on merge', async () => {
    const repo = await sandbox.createRepo({ name: 'flow', files: { 'a.txt': 'a\n' } });
    const octokit = new Octokit({ baseUrl: sandbox.apiUrl, auth: sandbox.adminToken });
    const first = await sandbox.commit({
      repo: repo.fullName,
      branch: 'feature',
      files: { 'b.txt': 'b\n' },
      message: 'b',
    });
    const pull = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'feature',
      title: 'feat: b',
      labels: ['release:minor'],
    });
    expect(pull.headSha).toBe(first);
    const mainMoved = await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: { 'c.txt': 'c\n' },
      message: 'c',
    });
    const second = await sandbox.commit({
      repo: repo.fullName,
      branch: 'feature',
      files: { 'b.txt': 'b2\n' },
      message: 'b2',
    });
    const { data: open } = await octokit.rest.pulls.get({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull.number,
    });
    expect([open.head.sha, open.base.sha, open.commits, open.labels.map((l) => l.name)]).toEqual([
      second,
      mainMoved,
      2,
      ['release:minor'],
    ]);
    const { data: compare } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: repo.owner,
      repo: repo.name,
      basehead: `main...${second}`,
    });
    expect(compare.merge_base_commit.sha).toBe(pull.baseSha);
    expect([compare.status, compare.ahead_by, compare.behind_by]).toEqual(['diverged', 2, 1]);

    const { data: merge } = await octokit.rest.pulls.merge({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull.number,
      sha: second,
    });
    const { data: commit } = await octokit.rest.git.getCommit({
      owner: repo.owner,
      repo: repo.name,
      commit_sha: merge.sha,
    });
    expect(commit.parents.map((parent) => parent.sha)).toEqual([mainMoved, second]);
    expect(await sandbox.readFile(repo.fullName, 'b.txt')).toBe('b2\n');
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'feature',
      files: { 'late.txt': 'x' },
      message: 'after merge',
    });
    const { data: closed } = await octokit.rest.pulls.get({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull.number,
    });
    expect([closed.state, closed.merged, closed.head.sha, closed.merge_commit_sha]).toEqual([
      'closed',
      true,
      second,
      merge.sha,
    ]);
  });

  it('models fork pull requests: head in another repository, absent from workflow run payloads', async () => {
    const repo = await sandbox.createRepo({ name: 'forked', files: { 'a.txt': 'a\n' } });
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'contrib',
      files: { 'model.js': 'export {}\n' },
      message: 'contrib',
    });
    const pull = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'contrib',
      title: 'From a fork',
      fromFork: 'outsider',
    });
    expect(pull.headRepo).toBe('outsider/forked');
    expect(await sandbox.branchSha(repo.fullName, 'contrib')).toBeNull();

    // The contributor pushes to the fork over git; the pull request follows.
    const fork = sandbox.repoHandle('outsider/forked');
    const dir = join(work, 'fork');
    await simpleGit().clone(fork.gitUrl, dir, ['--branch', 'contrib']);
    const local = simpleGit(dir);
    await local.addConfig('user.name', 'Outsider');
    await local.addConfig('user.email', 'outsider@example.com');
    await writeFile(join(dir, 'more.txt'), 'more\n');
    await local.add('more.txt');
    await local.commit('more');
    await local.push('origin', 'contrib');
    const pushed = (await local.revparse(['HEAD'])).trim();

    const octokit = new Octokit({ baseUrl: sandbox.apiUrl, auth: sandbox.adminToken });
    const { data } = await octokit.rest.pulls.get({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull.number,
    });
    expect([data.head.repo?.full_name, data.head.label, data.head.sha, data.commits]).toEqual([
      'outsider/forked',
      'outsider:contrib',
      pushed,
      2,
    ]);

    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: pushed,
      headBranch: 'contrib',
      headRepo: 'outsider/forked',
      pullRequests: [pull.number],
    });
    const { data: apiRun } = await octokit.rest.actions.getWorkflowRun({
      owner: repo.owner,
      repo: repo.name,
      run_id: run.id,
    });
    expect(apiRun.pull_requests).toEqual([]);
    expect(apiRun.head_repository.full_name).toBe('outsider/forked');
    await sandbox.mergePullRequest({ repo: repo.fullName, number: pull.number, method: 'squash' });
    expect(await sandbox.readFile(repo.fullName, 'more.txt')).toBe('more\n');
  });

  it('refuses what GitHub refuses: duplicate pull requests, no commits, stale merge sha', async () => {
    const repo = await sandbox.createRepo({ name: 'rules' });
    const octokit = new Octokit({ baseUrl: sandbox.apiUrl, auth: sandbox.adminToken });
    await sandbox.commit({ repo: repo.fullName, branch: 'same', files: {}, message: 'empty' });
    await expect(
      octokit.rest.pulls.create({
        owner: repo.owner,
        repo: repo.name,
        head: 'main',
        base: 'main',
        title: 'x',
      }),
    ).rejects.toMatchObject({ status: 422 });
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'topic',
      files: { 't.txt': 't' },
      message: 't',
    });
    const { data: pull } = await octokit.rest.pulls.create({
      owner: repo.owner,
      repo: repo.name,
      head: 'topic',
      base: 'main',
      title: 'topic',
    });
    await expect(
      octokit.rest.pulls.create({
        owner: repo.owner,
        repo: repo.name,
        head: 'topic',
        base: 'main',
        title: 'again',
      }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/already exists/),
    });
    await expect(
      octokit.rest.pulls.merge({
        owner: repo.owner,
        repo: repo.name,
        pull_number: pull.number,
        sha: 'f'.repeat(40),
      }),
    ).rejects.toMatchObject({ status: 409 });
    const { data: issues } = await octokit.rest.issues.listForRepo({
      owner: repo.owner,
      repo: repo.name,
      creator: repo.owner,
    });
    expect(issues.map((issue) => [issue.number, Boolean(issue.pull_request)])).toEqual([
      [pull.number, true],
    ]);
  });
});
