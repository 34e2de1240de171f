import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_BOT } from '../../src/github/sticky-comment.ts';
import { tokenCommentAuthor } from '../../src/github/token-login.ts';
import { sandboxOctokit, sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
beforeAll(async () => {
  env = await sandboxRepo();
});
afterAll(async () => {
  await env.sandbox.close();
});

describe('tokenCommentAuthor', () => {
  it("is a personal token's own user", async () => {
    const octokit = sandboxOctokit(env.sandbox, env.sandbox.createUserToken('octocat'));
    expect(await tokenCommentAuthor(octokit)).toBe('octocat');
  });

  it('is any bot for a workflow token, which GET /user refuses', async () => {
    expect(await tokenCommentAuthor(env.octokit)).toBe(ANY_BOT);
  });

  it('is any bot for an installation token, which writes as <slug>[bot], not github-actions[bot]', async () => {
    const installation = env.sandbox.createInstallation();
    const token = env.sandbox.createInstallationToken(installation.id);
    expect(await tokenCommentAuthor(sandboxOctokit(env.sandbox, token))).toBe(ANY_BOT);
  });

  it('does not guess for a token GitHub rejects: the 401 propagates', async () => {
    const octokit = sandboxOctokit(env.sandbox, 'ghs_not_a_token');
    await expect(tokenCommentAuthor(octokit)).rejects.toMatchObject({ status: 401 });
  });
});
