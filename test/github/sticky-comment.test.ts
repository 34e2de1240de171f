import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/core/constants.ts';
import { findStickyComment, upsertStickyComment } from '../../src/github/sticky-comment.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
beforeAll(async () => {
  env = await sandboxRepo();
});
afterAll(async () => {
  await env.sandbox.close();
});

async function newPullRequest(branch: string): Promise<number> {
  await env.sandbox.commit({
    repo: env.repo.fullName,
    branch,
    files: { [`${branch}.txt`]: 'x' },
    message: branch,
  });
  return (
    await env.sandbox.openPullRequest({ repo: env.repo.fullName, head: branch, title: branch })
  ).number;
}

async function markerComments(issueNumber: number): Promise<{ id: number; body: string }[]> {
  const comments = await env.octokit.paginate(env.octokit.rest.issues.listComments, {
    owner: env.owner,
    repo: env.name,
    issue_number: issueNumber,
    per_page: 100,
  });
  return comments
    .filter((comment) => (comment.body ?? '').startsWith(COMMENT_MARKER))
    .map((comment) => ({ id: comment.id, body: comment.body ?? '' }));
}

describe('upsertStickyComment', () => {
  it('finds the report beyond the first page and edits it in place', async () => {
    const number = await newPullRequest('busy');
    const issue = { ...env.context, issue_number: number };
    for (let i = 0; i < 105; i += 1)
      await env.octokit.rest.issues.createComment({ ...issue, body: `chatter ${i}` });
    const first = await upsertStickyComment({
      ...env.context,
      issueNumber: number,
      body: `${COMMENT_MARKER}\nv1`,
    });
    expect(first.action).toBe('created');
    for (let i = 0; i < 30; i += 1)
      await env.octokit.rest.issues.createComment({ ...issue, body: `more ${i}` });
    // A reply quoting the report carries the marker too, but does not start with it.
    await env.octokit.rest.issues.createComment({
      ...issue,
      body: `> ${COMMENT_MARKER}\n> v1\n\nnice`,
    });

    const mark = env.sandbox.requests.length;
    const second = await upsertStickyComment({
      ...env.context,
      issueNumber: number,
      body: `${COMMENT_MARKER}\nv2`,
    });

    expect(second).toEqual({ id: first.id, url: first.url, action: 'updated' });
    const requests = env.requestsSince(mark);
    expect(requests.filter((r) => r.startsWith('GET ')).length).toBe(2); // 137 comments: two pages
    expect(requests.filter((r) => r.startsWith('POST '))).toEqual([]);
    expect(await markerComments(number)).toEqual([{ id: first.id, body: `${COMMENT_MARKER}\nv2` }]);
    expect((await findStickyComment({ ...env.context, issueNumber: number }))?.id).toBe(first.id);
  });

  it('does not write an identical body again', async () => {
    const number = await newPullRequest('same');
    const body = `${COMMENT_MARKER}\n| metric | base | PR |`;
    const created = await upsertStickyComment({ ...env.context, issueNumber: number, body });
    const mark = env.sandbox.requests.length;
    const again = await upsertStickyComment({ ...env.context, issueNumber: number, body });
    expect(again).toEqual({ ...created, action: 'unchanged' });
    expect(env.requestsSince(mark).every((r) => r.startsWith('GET '))).toBe(true);
  });

  it('ends with one comment when deliveries for one pull request race', async () => {
    const number = await newPullRequest('race');
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        upsertStickyComment({
          ...env.context,
          issueNumber: number,
          body: `${COMMENT_MARKER}\nrun ${n}`,
        }),
      ),
    );
    const left = await markerComments(number);
    expect(left).toHaveLength(1);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([left[0]?.id]));
  });

  it("ignores a marker in someone else's comment when the author is given", async () => {
    const number = await newPullRequest('spoof');
    const spoof = await env.octokit.rest.issues.createComment({
      ...env.context,
      issue_number: number,
      body: `${COMMENT_MARKER}\nnot the bot`,
    });
    const login = spoof.data.user?.login ?? '';
    expect(
      await findStickyComment({ ...env.context, issueNumber: number, author: `${login}-other` }),
    ).toBeNull();
    expect(
      (await findStickyComment({ ...env.context, issueNumber: number, author: login }))?.id,
    ).toBe(spoof.data.id);
  });

  it('refuses a body without the marker, which the next run could not find', async () => {
    await expect(
      upsertStickyComment({ ...env.context, issueNumber: 1, body: 'no marker' }),
    ).rejects.toThrow(`Sticky comment body must start with the marker ${COMMENT_MARKER}.`);
  });
});
