import { ProbotOctokit } from 'probot';
import Bottleneck from 'bottleneck';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/core/constants.ts';
import { publishGateCheck } from '../../src/github/gate-check.ts';
import type { OctokitLike } from '../../src/github/octokit.ts';
import { publishRelease } from '../../src/github/release.ts';
import { upsertStickyComment } from '../../src/github/sticky-comment.ts';
import { syncDriftIssue } from '../../src/github/drift-issue.ts';
import { readHistoryRecord, writeHistoryRecord } from '../../src/history/api-store.ts';
import { fakeSha, metricsFixture } from '../history/fixtures.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

/**
 * The operations under the App's real Octokit (Probot's, with the retry and throttling
 * plugins) while the sandbox answers 5xx and secondary rate limits: every operation ends in
 * the same state as without faults, with nothing duplicated.
 */

let env: SandboxRepo;
let octokit: OctokitLike;
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
  octokit = new ProbotOctokit({
    auth: { token },
    baseUrl: env.sandbox.apiUrl,
    log: silent,
    // Millisecond back-off so the test is fast; the retry decisions are the plugins' own.
    retry: { retryAfterBaseValue: 1 },
    throttle: {
      retryAfterBaseValue: 1,
      // No spacing between writes either (the plugin's default is 1 s, 3 s for notifications).
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      onRateLimit: () => true,
      onSecondaryRateLimit: () => true,
    },
  });
  context = { octokit, owner: env.owner, repo: env.name };
  await env.sandbox.commit({
    repo: env.repo.fullName,
    branch: 'modelgate-history',
    files: { 'README.md': 'h' },
    message: 'start',
  });
});
afterAll(async () => {
  await env.sandbox.close();
});
afterEach(() => {
  // Every injected fault was actually hit, so each test exercised the retry it claims.
  expect(env.sandbox.pendingFaults).toBe(0);
});

const repoPath = () => `/repos/${env.owner}/${env.name}`;

describe('operations under retried faults', () => {
  it('sticky comment: one comment after a 502 on create and a rate limit on the lookup', async () => {
    await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'f',
      files: { 'f.txt': 'f' },
      message: 'f',
    });
    const pull = await env.sandbox.openPullRequest({
      repo: env.repo.fullName,
      head: 'f',
      title: 'f',
    });
    env.sandbox.injectFault({
      method: 'GET',
      path: `${repoPath()}/issues/${pull.number}/comments`,
      status: 403,
      retryAfter: 1,
    });
    env.sandbox.injectFault({
      method: 'POST',
      path: `${repoPath()}/issues/${pull.number}/comments`,
      status: 502,
    });
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
    expect(data.map((c) => c.body)).toEqual([`${COMMENT_MARKER}\nok`]);
  });

  it('gate check: one check run after a 500 on create', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'g',
      files: { 'g.txt': 'g' },
      message: 'g',
    });
    env.sandbox.injectFault({
      method: 'POST',
      path: `${repoPath()}/check-runs`,
      status: 500,
      times: 2,
    });
    await publishGateCheck({
      ...context,
      headSha: sha,
      conclusion: 'success',
      title: 'ok',
      summary: 'ok',
    });
    const { data } = await env.octokit.rest.checks.listForRef({ ...env.context, ref: sha });
    expect(data.total_count).toBe(1);
  });

  it('history: the record lands once after a 503 on the write', async () => {
    const sha = fakeSha(42);
    env.sandbox.injectFault({
      method: 'PUT',
      path: new RegExp(`/contents/history(/|%2F)${sha}\\.json$`),
      status: 503,
    });
    const result = await writeHistoryRecord({
      ...context,
      branch: 'modelgate-history',
      sha,
      metrics: metricsFixture(0.9, sha),
    });
    expect(result.action).toBe('created');
    expect(await readHistoryRecord({ ...env.context, branch: 'modelgate-history', sha })).toEqual(
      metricsFixture(0.9, sha),
    );
  });

  it('release: one tag, release, asset set and deployment after faults on every write', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'main',
      files: { 'r.txt': 'r' },
      message: 'r',
    });
    env.sandbox.injectFault({ method: 'POST', path: `${repoPath()}/git/refs`, status: 502 });
    env.sandbox.injectFault({ method: 'POST', path: `${repoPath()}/releases`, status: 500 });
    env.sandbox.injectFault({ method: 'POST', path: /\/releases\/\d+\/assets$/, status: 502 });
    env.sandbox.injectFault({
      method: 'POST',
      path: `${repoPath()}/deployments`,
      status: 403,
      retryAfter: 1,
    });
    const result = await publishRelease({
      ...context,
      sha,
      tag: 'model-v1.0.0',
      name: 'Model 1.0.0',
      notes: 'notes',
      assets: [
        { name: 'metrics.json', data: '{}', contentType: 'application/json' },
        { name: 'weights.bin', data: new Uint8Array(16), contentType: 'application/octet-stream' },
      ],
      environment: 'production',
    });
    expect(result.action).toBe('created');
    const releases = await env.octokit.paginate(env.octokit.rest.repos.listReleases, env.context);
    expect(releases.map((r) => r.tag_name)).toEqual(['model-v1.0.0']);
    expect(result.assets.map((a) => a.name).sort()).toEqual(['metrics.json', 'weights.bin']);
    const { data: deployments } = await env.octokit.rest.repos.listDeployments({
      ...env.context,
      sha,
    });
    expect(deployments).toHaveLength(1);
  });

  it('drift issue: one open issue after a 502 on create', async () => {
    env.sandbox.injectFault({ method: 'POST', path: `${repoPath()}/issues`, status: 502 });
    const result = await syncDriftIssue({
      ...context,
      releaseTag: 'model-v1.0.0',
      report: { dataset_drift: true },
      body: 'drift',
      labels: ['drift'],
    });
    expect(result.action).toBe('opened');
    const { data } = await env.octokit.rest.issues.listForRepo({ ...env.context, state: 'open' });
    expect(data.filter((issue) => issue.pull_request === undefined)).toHaveLength(1);
  });
});
