import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHistoryRecord } from '../../src/history/api-store.ts';
import { findBaseline } from '../../src/history/baseline.ts';
import { recordHistoryWithGit } from '../../src/history/git-store.ts';
import { sandboxRepo, type SandboxRepo } from '../github/sandbox-setup.ts';
import { fakeSha, metricsFixture } from './fixtures.ts';
import { git } from './git-repos.ts';

const branch = 'modelgate-history';
let env: SandboxRepo;
let scratch: string;

beforeAll(async () => {
  env = await sandboxRepo();
  scratch = await mkdtemp(join(tmpdir(), 'modelgate-baseline-'));
  await git(scratch, 'clone', '--quiet', env.repo.gitUrl, 'work');
  // Start the history branch over git, as the Action's first default-branch run does.
  await recordHistoryWithGit({
    cwd: join(scratch, 'work'),
    branch,
    sha: fakeSha(1),
    metrics: metricsFixture(0.5),
  });
});
afterAll(async () => {
  await env.sandbox.close();
  await rm(scratch, { recursive: true, force: true });
});

const repoName = () => env.repo.fullName;

async function onMain(name: string): Promise<string> {
  return env.sandbox.commit({
    repo: repoName(),
    branch: 'main',
    files: { [`${name}.txt`]: name },
    message: name,
  });
}

async function record(sha: string, accuracy: number): Promise<void> {
  await writeHistoryRecord({ ...env.context, branch, sha, metrics: metricsFixture(accuracy, sha) });
}

async function pullFrom(head: string): Promise<{ baseSha: string; headSha: string }> {
  await env.sandbox.commit({
    repo: repoName(),
    branch: head,
    files: { [`${head}.txt`]: head },
    message: head,
  });
  const pull = await env.sandbox.openPullRequest({ repo: repoName(), head, title: head });
  return { baseSha: pull.baseSha, headSha: pull.headSha };
}

describe('findBaseline', () => {
  it("uses the merge base's record, else the nearest first-parent ancestor's, else none", async () => {
    const a = await onMain('a');
    const b = await onMain('b');
    const pr = await pullFrom('feature-1');
    // A commit on main after the branch point does not count: it is not in the PR's history.
    const later = await onMain('later');
    await record(later, 0.99);

    expect(await findBaseline({ ...env.context, branch, ...pr })).toBeNull();

    await record(a, 0.8);
    expect(await findBaseline({ ...env.context, branch, ...pr })).toEqual({
      sha: a,
      metrics: metricsFixture(0.8, a),
      predictions: null,
      source: 'ancestor',
    });
    expect(await findBaseline({ ...env.context, branch, ...pr, maxAncestors: 0 })).toBeNull();

    await record(b, 0.85);
    expect(await findBaseline({ ...env.context, branch, ...pr })).toEqual({
      sha: b,
      metrics: metricsFixture(0.85, b),
      predictions: null,
      source: 'merge-base',
    });
  });

  it('walks first parents only: records of a merged feature branch are not the baseline', async () => {
    const before = await onMain('before-merge');
    await record(before, 0.7);
    await env.sandbox.commit({
      repo: repoName(),
      branch: 'side',
      files: { 'side.txt': 's' },
      message: 'side',
    });
    const side = await env.sandbox.commit({
      repo: repoName(),
      branch: 'side',
      files: { 'side.txt': 't' },
      message: 'side 2',
    });
    await onMain('main-moves-on');
    // The side commit is newer than `before`, so a walk in date order would meet it first.
    await record(side, 0.1);
    const sidePull = await env.sandbox.openPullRequest({
      repo: repoName(),
      head: 'side',
      title: 'side',
    });
    await env.sandbox.mergePullRequest({
      repo: repoName(),
      number: sidePull.number,
      method: 'merge',
    });

    const pr = await pullFrom('feature-2');
    expect(await findBaseline({ ...env.context, branch, ...pr })).toMatchObject({
      sha: before,
      source: 'ancestor',
    });
  });
  it('finds the baseline of a pull request from a fork', async () => {
    const base = await onMain('fork-base');
    await record(base, 0.88);
    await env.sandbox.commit({
      repo: repoName(),
      branch: 'forked',
      files: { 'f.txt': 'f' },
      message: 'f',
    });
    const pull = await env.sandbox.openPullRequest({
      repo: repoName(),
      head: 'forked',
      title: 'f',
      fromFork: 'contributor',
    });
    expect(
      await findBaseline({ ...env.context, branch, baseSha: pull.baseSha, headSha: pull.headSha }),
    ).toMatchObject({ sha: base, source: 'merge-base' });
  });
});
