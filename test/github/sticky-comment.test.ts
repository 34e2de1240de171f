import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_WRITER_MARKER, COMMENT_MARKER } from '../../src/core/constants.ts';
import {
  ACTIONS_BOT_LOGIN,
  ANY_BOT,
  findStickyComment,
  upsertStickyComment,
  withActionWriterMarker,
} from '../../src/github/sticky-comment.ts';
import { tokenCommentAuthor } from '../../src/github/token-login.ts';
import { sandboxOctokit, sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

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

/** A context whose Octokit writes as the sandbox App's installation (`modelgate[bot]`). */
function installationContext() {
  const installation = env.sandbox.createInstallation();
  const octokit = sandboxOctokit(env.sandbox, env.sandbox.createInstallationToken(installation.id));
  return { octokit, owner: env.owner, repo: env.name };
}

/** A context whose Octokit writes as the human `login`. */
function userContext(login: string) {
  const token = env.sandbox.createToken({
    repo: env.repo.fullName,
    permissions: { issues: 'write', metadata: 'read' },
    actor: login,
  });
  return { octokit: sandboxOctokit(env.sandbox, token), owner: env.owner, repo: env.name };
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

  it('edits one comment across runs with an installation token, which cannot read its login', async () => {
    const number = await newPullRequest('installation');
    const app = installationContext();
    const author = await tokenCommentAuthor(app.octokit);
    expect(author).toBe(ANY_BOT);
    const mark = env.sandbox.requests.length;
    const results = [];
    for (const n of [1, 2, 3])
      results.push(
        await upsertStickyComment({
          ...app,
          issueNumber: number,
          body: withActionWriterMarker(`${COMMENT_MARKER}\nrun ${n}`),
          author,
        }),
      );
    expect(results.map((r) => r.action)).toEqual(['created', 'updated', 'updated']);
    // Found, not re-created and cleaned up: runs 2 and 3 only read and edit.
    expect(
      env.requestsSince(mark).filter((r) => r.startsWith('POST ') || r.startsWith('DELETE ')),
    ).toEqual([`POST /repos/${env.owner}/${env.name}/issues/${number}/comments`]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await markerComments(number)).toEqual([
      { id: results[0]?.id, body: `${COMMENT_MARKER}\n${ACTION_WRITER_MARKER}\nrun 3` },
    ]);
  });

  it("leaves a human's marker comment alone when any bot's comment counts", async () => {
    const number = await newPullRequest('human-marker');
    const { data: planted } = await userContext('mallory').octokit.rest.issues.createComment({
      ...env.context,
      issue_number: number,
      body: `${COMMENT_MARKER}\npasted`,
    });
    const first = await upsertStickyComment({
      ...env.context,
      issueNumber: number,
      body: withActionWriterMarker(`${COMMENT_MARKER}\nv1`),
      author: ANY_BOT,
    });
    const second = await upsertStickyComment({
      ...env.context,
      issueNumber: number,
      body: withActionWriterMarker(`${COMMENT_MARKER}\nv2`),
      author: ANY_BOT,
    });
    expect(first.action).toBe('created');
    expect(second).toEqual({ ...first, action: 'updated' });
    expect(await markerComments(number)).toEqual([
      { id: planted.id, body: `${COMMENT_MARKER}\npasted` },
      { id: first.id, body: `${COMMENT_MARKER}\n${ACTION_WRITER_MARKER}\nv2` },
    ]);
  });

  it("prefers github-actions[bot]'s comment over an older one the Action wrote as another bot", async () => {
    const number = await newPullRequest('two-bots');
    // An earlier run of the Action with an installation token, which a workflow token cannot edit.
    const installation = await upsertStickyComment({
      ...installationContext(),
      issueNumber: number,
      body: withActionWriterMarker(`${COMMENT_MARKER}\ninstallation`),
      author: 'modelgate[bot]',
    });
    const action = await upsertStickyComment({
      ...env.context,
      issueNumber: number,
      body: withActionWriterMarker(`${COMMENT_MARKER}\naction`),
      author: ACTIONS_BOT_LOGIN,
    });
    expect(action.action).toBe('created');
    expect(action.id).toBeGreaterThan(installation.id);
    expect(
      (await findStickyComment({ ...env.context, issueNumber: number, author: ANY_BOT }))?.id,
    ).toBe(action.id);
  });

  it("keeps the App's exact login exact: another bot's marker comment is not its own", async () => {
    const number = await newPullRequest('app-exact');
    const action = await upsertStickyComment({
      ...env.context,
      issueNumber: number,
      body: `${COMMENT_MARKER}\naction`,
      author: ACTIONS_BOT_LOGIN,
    });
    const app = await upsertStickyComment({
      ...installationContext(),
      issueNumber: number,
      body: `${COMMENT_MARKER}\napp`,
      author: 'modelgate[bot]',
    });
    expect(app.action).toBe('created');
    expect(app.id).not.toBe(action.id);
    expect((await markerComments(number)).map((c) => c.id)).toEqual([action.id, app.id]);
  });

  it('refuses a body without the marker, which the next run could not find', async () => {
    await expect(
      upsertStickyComment({ ...env.context, issueNumber: 1, body: 'no marker' }),
    ).rejects.toThrow(`Sticky comment body must start with the marker ${COMMENT_MARKER}.`);
    await expect(
      upsertStickyComment({
        ...env.context,
        issueNumber: 1,
        body: `${COMMENT_MARKER}\nunsigned`,
        author: ANY_BOT,
      }),
    ).rejects.toThrow(`must carry ${ACTION_WRITER_MARKER} on the line after ${COMMENT_MARKER}`);
  });

  it("takes no bot's report without the Action's writer marker: the App's comment stays the App's", async () => {
    const number = await newPullRequest('app-and-action');
    const app = await upsertStickyComment({
      ...installationContext(),
      issueNumber: number,
      body: `${COMMENT_MARKER}\napp`,
      author: 'modelgate[bot]',
    });
    const author = await tokenCommentAuthor(env.octokit);
    expect(author).toBe(ANY_BOT);
    const runs = [];
    for (const n of [1, 2])
      runs.push(
        await upsertStickyComment({
          ...env.context,
          issueNumber: number,
          body: withActionWriterMarker(`${COMMENT_MARKER}\naction ${n}`),
          author,
        }),
      );
    expect(runs.map((r) => r.action)).toEqual(['created', 'updated']);
    expect(await markerComments(number)).toEqual([
      { id: app.id, body: `${COMMENT_MARKER}\napp` },
      { id: runs[0]?.id, body: `${COMMENT_MARKER}\n${ACTION_WRITER_MARKER}\naction 2` },
    ]);
  });

  it("keeps the App's report when the Action writes with the App's own installation token", async () => {
    const number = await newPullRequest('same-installation');
    const context = installationContext();
    const app = await upsertStickyComment({
      ...context,
      issueNumber: number,
      body: `${COMMENT_MARKER}\napp`,
      author: 'modelgate[bot]',
    });
    // Same login as the App's comment: only the writer marker tells them apart, also when the
    // Action cleans up after creating its comment.
    const action = await upsertStickyComment({
      ...context,
      issueNumber: number,
      body: withActionWriterMarker(`${COMMENT_MARKER}\naction`),
      author: ANY_BOT,
    });
    expect(action.action).toBe('created');
    expect(await markerComments(number)).toEqual([
      { id: app.id, body: `${COMMENT_MARKER}\napp` },
      { id: action.id, body: `${COMMENT_MARKER}\n${ACTION_WRITER_MARKER}\naction` },
    ]);
  });
});
