import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

describe('sandbox REST with @octokit/rest', () => {
  it('creates a repository, a pull request, a comment and a check run, and reads them back', async () => {
    const user = new Octokit({ baseUrl: sandbox.apiUrl, auth: sandbox.adminToken });
    const { data: repo } = await user.rest.repos.createForAuthenticatedUser({
      name: 'demo',
      auto_init: true,
    });
    expect(repo.full_name).toBe('octo-org/demo');
    const owner = repo.owner.login;

    const { data: readme } = await user.rest.repos.getContent({
      owner,
      repo: 'demo',
      path: 'README.md',
    });
    if (Array.isArray(readme) || readme.type !== 'file') throw new Error('expected a file');
    const main = await user.rest.git.getRef({ owner, repo: 'demo', ref: 'heads/main' });
    await user.rest.git.createRef({
      owner,
      repo: 'demo',
      ref: 'refs/heads/feature',
      sha: main.data.object.sha,
    });
    await user.rest.repos.createOrUpdateFileContents({
      owner,
      repo: 'demo',
      path: 'model.txt',
      message: 'Add model',
      content: Buffer.from('v2\n').toString('base64'),
      branch: 'feature',
    });
    const { data: pull } = await user.rest.pulls.create({
      owner,
      repo: 'demo',
      head: 'feature',
      base: 'main',
      title: 'Improve model',
    });
    expect(pull.number).toBe(1);
    expect(pull.commits).toBe(1);

    const installation = sandbox.createInstallation();
    const app = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createInstallationToken(installation.id),
    });
    await app.rest.issues.createComment({
      owner,
      repo: 'demo',
      issue_number: pull.number,
      body: 'hello',
    });
    const { data: check } = await app.rest.checks.create({
      owner,
      repo: 'demo',
      name: 'modelgate / gate',
      head_sha: pull.head.sha,
      conclusion: 'success',
      output: { title: 'ok', summary: 'all good' },
    });
    expect(check.status).toBe('completed');

    const comments = await user.paginate(user.rest.issues.listComments, {
      owner,
      repo: 'demo',
      issue_number: 1,
    });
    expect(comments.map((comment) => comment.body)).toEqual(['hello']);
    expect(comments[0]?.user?.login).toBe('modelgate[bot]');
    const { data: checks } = await user.rest.checks.listForRef({
      owner,
      repo: 'demo',
      ref: 'feature',
    });
    expect(
      checks.check_runs.map((run) => [
        run.name,
        run.conclusion,
        run.pull_requests.map((p) => p.number),
      ]),
    ).toEqual([['modelgate / gate', 'success', [1]]]);
    const { data: again } = await user.rest.pulls.get({ owner, repo: 'demo', pull_number: 1 });
    expect(again.title).toBe('Improve model');
    expect(sandbox.requestsTo('POST', '/repos/octo-org/demo/issues/1/comments')).toMatchObject([
      {
        status: 201,
        caller: 'modelgate[bot]',
        body: { body: 'hello' },
        operation: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      },
    ]);
    expect(sandbox.serverErrors).toEqual([]);
  });

  it('serves @actions/github getOctokit configured only through GITHUB_API_URL', async () => {
    const repo = await sandbox.createRepo({ name: 'actions-github' });
    const saved = process.env['GITHUB_API_URL'];
    process.env['GITHUB_API_URL'] = sandbox.apiUrl;
    try {
      // @actions/github reads GITHUB_API_URL when it is imported.
      const { getOctokit } = await import('@actions/github');
      const octokit = getOctokit(sandbox.createToken({ repo: repo.fullName }), {
        request: { fetch: globalThis.fetch },
      });
      const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.name });
      expect(data.default_branch).toBe('main');
    } finally {
      if (saved === undefined) delete process.env['GITHUB_API_URL'];
      else process.env['GITHUB_API_URL'] = saved;
    }
  });
});
