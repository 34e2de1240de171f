import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RepoHandle, type Sandbox } from '../../src/sandbox/index.ts';
import { createOpenApiValidator } from '../support/openapi.ts';

let sandbox: Sandbox;
let repo: RepoHandle;
let octokit: Octokit;
let issue: number;

beforeAll(async () => {
  sandbox = await startSandbox({ validate: createOpenApiValidator() });
  repo = await sandbox.createRepo({ name: 'paged' });
  octokit = new Octokit({ baseUrl: sandbox.apiUrl, auth: sandbox.adminToken });
  issue = sandbox.createIssue({ repo: repo.fullName, title: 'many comments' });
  for (let i = 1; i <= 75; i += 1) {
    await octokit.rest.issues.createComment({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue,
      body: `comment ${i}`,
    });
  }
});

afterAll(async () => {
  expect(sandbox.violations).toEqual([]);
  expect(sandbox.serverErrors).toEqual([]);
  await sandbox.close();
});

describe('pagination', () => {
  it('pages comments at 30 by default with GitHub Link headers', async () => {
    const first = await octokit.rest.issues.listComments({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue,
    });
    expect(first.data).toHaveLength(30);
    expect(first.data[0]?.body).toBe('comment 1');
    const link = first.headers.link ?? '';
    expect(link).toMatch(/<[^>]+[?&]page=2[^>]*>; rel="next"/);
    expect(link).toMatch(/<[^>]+[?&]page=3[^>]*>; rel="last"/);
    const last = await octokit.rest.issues.listComments({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue,
      page: 3,
    });
    expect(last.data.map((comment) => comment.body)).toEqual(
      Array.from({ length: 15 }, (_, i) => `comment ${61 + i}`),
    );
    expect(last.headers.link).toMatch(/rel="prev".*rel="first"/);
    expect(last.headers.link).not.toMatch(/rel="next"/);
  });

  it('caps per_page at 100 and lets octokit.paginate collect every page', async () => {
    const capped = await octokit.rest.issues.listComments({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue,
      per_page: 500,
    });
    expect(capped.data).toHaveLength(75);
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue,
      per_page: 20,
    });
    expect(all).toHaveLength(75);
    expect(
      sandbox
        .requestsTo('GET', `/repos/${repo.fullName}/issues/${issue}/comments`)
        .filter((r) => r.query.includes('per_page=20')),
    ).toHaveLength(4);
  });
});

describe('fault injection', () => {
  it('fails a route with 502 for N calls, then serves it again', async () => {
    const path = `/repos/${repo.fullName}/issues/${issue}/comments`;
    sandbox.injectFault({ method: 'POST', path, status: 502, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      await expect(
        octokit.rest.issues.createComment({
          owner: repo.owner,
          repo: repo.name,
          issue_number: issue,
          body: 'x',
        }),
      ).rejects.toMatchObject({ status: 502 });
    }
    expect(sandbox.pendingFaults).toBe(0);
    const ok = await octokit.rest.issues.createComment({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue,
      body: 'after',
    });
    expect(ok.status).toBe(201);
  });

  it('answers a secondary rate limit as 403 with retry-after, matched by RegExp', async () => {
    sandbox.injectFault({ path: /\/check-runs$/, status: 403, retryAfter: 7 });
    const response = await fetch(`${sandbox.apiUrl}/repos/${repo.fullName}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${sandbox.adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({
      message: expect.stringMatching(/secondary rate limit/),
    });
  });

  it('rejects nonsense fault specs', () => {
    expect(() => sandbox.injectFault({ path: '/x', status: 500, times: 0 })).toThrow(
      /positive integer/,
    );
  });
});
