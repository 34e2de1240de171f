import { Octokit } from '@octokit/rest';
import { Probot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signRs256,
  startSandbox,
  generateAppCredentials,
  type RepoHandle,
  type Sandbox,
} from '../../src/sandbox/index.ts';
import { createOpenApiValidator } from '../support/openapi.ts';

let sandbox: Sandbox;
let repo: RepoHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ validate: createOpenApiValidator(), appId: 4242 });
  repo = await sandbox.createRepo({
    name: 'auth',
    files: { '.github/modelgate.yml': 'data: { path: d.csv, label: y }\n' },
  });
});

afterAll(async () => {
  expect(sandbox.violations).toEqual([]);
  expect(sandbox.serverErrors).toEqual([]);
  await sandbox.close();
});

async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
    return { status: 200, message: '' };
  } catch (error) {
    const status =
      typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 0;
    return { status, message: error instanceof Error ? error.message : String(error) };
  }
}

function appJwt(privateKey: string, appId: number, offsetSeconds = 0): string {
  const now = Math.floor(Date.now() / 1000) + offsetSeconds;
  return signRs256({ iat: now - 30, exp: now + 540, iss: appId }, privateKey);
}

describe('authentication like GitHub', () => {
  it('verifies App JWTs with the App public key and exchanges them for installation tokens', async () => {
    const { id } = sandbox.createInstallation({ repositories: [repo.fullName] });
    const asApp = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: appJwt(sandbox.app.privateKey, sandbox.app.id),
    });
    const { data: app } = await asApp.rest.apps.getAuthenticated();
    expect(app?.id).toBe(4242);
    const { data: installation } = await asApp.rest.apps.getRepoInstallation({
      owner: repo.owner,
      repo: repo.name,
    });
    expect(installation.id).toBe(id);
    const { data: token } = await asApp.rest.apps.createInstallationAccessToken({
      installation_id: id,
      permissions: { issues: 'write' },
    });
    const narrowed = new Octokit({ baseUrl: sandbox.apiUrl, auth: token.token });
    await narrowed.rest.issues.create({ owner: repo.owner, repo: repo.name, title: 'ok' });
    expect(
      (
        await statusOf(
          narrowed.rest.checks.create({
            owner: repo.owner,
            repo: repo.name,
            name: 'x',
            head_sha: 'a'.repeat(40),
          }),
        )
      ).status,
    ).toBe(403);

    const byClientId = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: signRs256(
        {
          iat: Math.floor(Date.now() / 1000) - 30,
          exp: Math.floor(Date.now() / 1000) + 540,
          iss: app?.client_id,
        },
        sandbox.app.privateKey,
      ),
    });
    expect((await byClientId.rest.apps.getAuthenticated()).data?.id).toBe(4242);

    const forged = generateAppCredentials(4242);
    const intruder = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: appJwt(forged.privateKey, 4242),
    });
    expect(await statusOf(intruder.rest.apps.getAuthenticated())).toMatchObject({ status: 401 });
    const expired = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: appJwt(sandbox.app.privateKey, 4242, -3600),
    });
    expect(await statusOf(expired.rest.apps.getAuthenticated())).toMatchObject({
      status: 401,
      message: expect.stringMatching(/exp/),
    });
    // An App JWT is not an installation token.
    expect(
      (await statusOf(asApp.rest.issues.listForRepo({ owner: repo.owner, repo: repo.name })))
        .status,
    ).toBe(403);
  });

  it('serves Probot unchanged: installation auth and context.config through the raw media type', async () => {
    const { id } = sandbox.createInstallation({
      account: 'octo-org',
      repositories: [repo.fullName],
    });
    const probot = new Probot({
      appId: sandbox.app.id,
      privateKey: sandbox.app.privateKey,
      secret: 's',
      baseUrl: sandbox.apiUrl,
    });
    const octokit = await probot.auth(id);
    const { data } = await octokit.rest.repos.getContent({
      owner: repo.owner,
      repo: repo.name,
      path: '.github/modelgate.yml',
      mediaType: { format: 'raw' },
    });
    expect(String(data)).toBe('data: { path: d.csv, label: y }\n');
    const config = await octokit.config.get({
      owner: repo.owner,
      repo: repo.name,
      path: '.github/modelgate.yml',
    });
    expect(config.config).toEqual({ data: { path: 'd.csv', label: 'y' } });
  });

  it('answers 403 "Resource not accessible by integration" to writes with a read-only workflow token', async () => {
    const readOnly = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createToken({ repo: repo.fullName }),
    });
    await readOnly.rest.repos.get({ owner: repo.owner, repo: repo.name });
    const denied = await statusOf(
      readOnly.rest.issues.create({ owner: repo.owner, repo: repo.name, title: 'nope' }),
    );
    expect(denied).toMatchObject({
      status: 403,
      message: expect.stringMatching(/Resource not accessible by integration/),
    });
    const writer = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createToken({ repo: repo.fullName, permissions: { pull_requests: 'write' } }),
    });
    const number = sandbox.createIssue({ repo: repo.fullName, title: 'comment target' });
    // Issue comments accept pull_requests: write, as on GitHub.
    await writer.rest.issues.createComment({
      owner: repo.owner,
      repo: repo.name,
      issue_number: number,
      body: 'hi',
    });
  });

  it('GET /user: a personal token is its user; a workflow or installation token is refused like on GitHub', async () => {
    const asUser = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createUserToken('octocat'),
    });
    const { data: me } = await asUser.rest.users.getAuthenticated();
    expect(me).toMatchObject({ login: 'octocat', type: 'User' });

    const workflow = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createToken({ repo: repo.fullName }),
    });
    const { id } = sandbox.createInstallation({ repositories: [repo.fullName] });
    const installation = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createInstallationToken(id),
    });
    for (const bot of [workflow, installation]) {
      expect(await statusOf(bot.rest.users.getAuthenticated())).toMatchObject({
        status: 403,
        message: expect.stringMatching(/Resource not accessible by integration/),
      });
    }
    const anonymous = new Octokit({ baseUrl: sandbox.apiUrl });
    expect(await statusOf(anonymous.rest.users.getAuthenticated())).toMatchObject({
      status: 401,
    });
  });

  it('scopes tokens to their repositories and hides private repositories', async () => {
    const other = await sandbox.createRepo({ name: 'secret', private: true });
    const token = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createToken({ repo: repo.fullName }),
    });
    expect(
      (await statusOf(token.rest.repos.get({ owner: other.owner, repo: other.name }))).status,
    ).toBe(404);
    const anonymous = new Octokit({ baseUrl: sandbox.apiUrl });
    expect(
      (await statusOf(anonymous.rest.repos.get({ owner: other.owner, repo: other.name }))).status,
    ).toBe(404);
    await anonymous.rest.repos.get({ owner: repo.owner, repo: repo.name });
    expect(
      (
        await statusOf(
          anonymous.rest.issues.create({ owner: repo.owner, repo: repo.name, title: 'x' }),
        )
      ).status,
    ).toBe(401);
    const bad = new Octokit({ baseUrl: sandbox.apiUrl, auth: 'ghs_not_a_token' });
    expect(
      await statusOf(bad.rest.repos.get({ owner: repo.owner, repo: repo.name })),
    ).toMatchObject({ status: 401, message: expect.stringMatching(/Bad credentials/) });
  });
});
