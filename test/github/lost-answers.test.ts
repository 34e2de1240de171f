import { ProbotOctokit } from 'probot';
import Bottleneck from 'bottleneck';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/core/constants.ts';
import { createDeployment } from '../../src/github/deployment.ts';
import { publishGateCheck } from '../../src/github/gate-check.ts';
import type { OctokitLike } from '../../src/github/octokit.ts';
import { claimReleaseTag, publishRelease } from '../../src/github/release.ts';
import { upsertStickyComment } from '../../src/github/sticky-comment.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

/**
 * Lost answers (issue 14, case 7): GitHub applies a write and answers 502 (its edge timed
 * out). Under the App's real Octokit, whose retry plugin would send the write again, every
 * operation still makes exactly one of each thing, and takes its own tag for its own.
 */

let env: SandboxRepo;
let context: { octokit: OctokitLike; owner: string; repo: string };
beforeAll(async () => {
  env = await sandboxRepo();
  const token = env.sandbox.createToken({
    repo: env.repo.fullName,
    permissions: {
      checks: 'write',
      contents: 'write',
      deployments: 'write',
      issues: 'write',
      pull_requests: 'write',
      metadata: 'read',
    },
  });
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const octokit = new ProbotOctokit({
    auth: { token },
    baseUrl: env.sandbox.apiUrl,
    log: silent,
    retry: { retryAfterBaseValue: 1 },
    throttle: {
      retryAfterBaseValue: 1,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      onRateLimit: () => true,
      onSecondaryRateLimit: () => true,
    },
  });
  context = { octokit, owner: env.owner, repo: env.name };
});
afterAll(async () => {
  await env.sandbox.close();
});
afterEach(() => {
  expect(env.sandbox.pendingFaults).toBe(0);
});

const repoPath = () => `/repos/${env.owner}/${env.name}`;
const lost = (method: string, path: string | RegExp, status = 502) =>
  env.sandbox.injectFault({ method, path, status, afterApplying: true });

describe('a write applied whose answer was lost', () => {
  it('release: the claimer keeps its own tag and publishes one release, deployment and status', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'main',
      files: { 'lost.txt': 'l' },
      message: 'lost',
    });
    lost('POST', `${repoPath()}/git/refs`);
    const claimed = await claimReleaseTag({
      ...context,
      sha,
      prefix: 'model-v',
      choose: () => ({ tag: 'model-v2.0.0', reason: 'test' }),
    });
    expect(claimed).toEqual({ tag: 'model-v2.0.0', reason: 'test', created: true });

    lost('POST', `${repoPath()}/releases`);
    lost('POST', `${repoPath()}/deployments`, 504);
    lost('POST', /\/deployments\/\d+\/statuses$/);
    const result = await publishRelease({
      ...context,
      sha,
      tag: 'model-v2.0.0',
      name: 'Model 2.0.0',
      notes: 'notes',
      assets: [{ name: 'metrics.json', data: '{}', contentType: 'application/json' }],
      environment: 'production',
    });
    expect(result.action).toBe('created');
    const releases = await env.octokit.paginate(env.octokit.rest.repos.listReleases, env.context);
    expect(releases.filter((r) => r.tag_name === 'model-v2.0.0')).toHaveLength(1);
    const { data: deployments } = await env.octokit.rest.repos.listDeployments({
      ...env.context,
      sha,
    });
    expect(deployments).toHaveLength(1);
    const { data: statuses } = await env.octokit.rest.repos.listDeploymentStatuses({
      ...env.context,
      deployment_id: deployments[0]?.id ?? 0,
    });
    expect(statuses.map((status) => status.state)).toEqual(['success']);
  });

  it('release: a lost answer on the tag inside publishRelease still publishes', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'main',
      files: { 'lost2.txt': 'l' },
      message: 'lost 2',
    });
    lost('POST', `${repoPath()}/git/refs`);
    const result = await publishRelease({
      ...context,
      sha,
      tag: 'model-v2.1.0',
      name: 'Model 2.1.0',
      notes: 'notes',
      assets: [],
    });
    expect(result.action).toBe('created');
    expect(result.tag).toBe('model-v2.1.0');
  });

  it('deployment: one deployment with one success status', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'main',
      files: { 'dep.txt': 'd' },
      message: 'dep',
    });
    lost('POST', `${repoPath()}/deployments`, 504);
    lost('POST', /\/deployments\/\d+\/statuses$/);
    const result = await createDeployment({
      ...context,
      sha,
      tag: 'model-v9.0.0',
      environment: 'staging',
    });
    expect(result.action).toBe('created');
    const { data: deployments } = await env.octokit.rest.repos.listDeployments({
      ...env.context,
      sha,
    });
    expect(deployments.map((deployment) => deployment.id)).toEqual([result.id]);
    const { data: statuses } = await env.octokit.rest.repos.listDeploymentStatuses({
      ...env.context,
      deployment_id: result.id,
    });
    expect(statuses).toHaveLength(1);
  });

  it('gate check: one check run', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'lost-check',
      files: { 'c.txt': 'c' },
      message: 'c',
    });
    lost('POST', `${repoPath()}/check-runs`);
    const result = await publishGateCheck({
      ...context,
      headSha: sha,
      conclusion: 'success',
      title: 'ok',
      summary: 'ok',
    });
    expect(result.action).toBe('created');
    const { data } = await env.octokit.rest.checks.listForRef({
      ...env.context,
      ref: sha,
      filter: 'all',
    });
    expect(data.check_runs.map((run) => run.id)).toEqual([result.id]);
  });

  it('sticky comment: one comment, nothing deleted', async () => {
    await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'lost-comment',
      files: { 'd.txt': 'd' },
      message: 'd',
    });
    const pull = await env.sandbox.openPullRequest({
      repo: env.repo.fullName,
      head: 'lost-comment',
      title: 'd',
    });
    const mark = env.sandbox.requests.length;
    lost('POST', `${repoPath()}/issues/${pull.number}/comments`);
    const result = await upsertStickyComment({
      ...context,
      issueNumber: pull.number,
      body: `${COMMENT_MARKER}\nok`,
    });
    expect(result.action).toBe('created');
    const { data } = await env.octokit.rest.issues.listComments({
      ...env.context,
      issue_number: pull.number,
    });
    expect(data.map((c) => c.id)).toEqual([result.id]);
    const requests = env.requestsSince(mark);
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
    expect(requests.filter((r) => r.startsWith('DELETE'))).toEqual([]);
  });
});
