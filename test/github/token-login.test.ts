import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_BOT_LOGIN, tokenLogin } from '../../src/github/token-login.ts';
import { sandboxOctokit, sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
beforeAll(async () => {
  env = await sandboxRepo();
});
afterAll(async () => {
  await env.sandbox.close();
});

describe('tokenLogin', () => {
  it("is a personal token's own user", async () => {
    const octokit = sandboxOctokit(env.sandbox, env.sandbox.createUserToken('octocat'));
    expect(await tokenLogin(octokit)).toBe('octocat');
  });

  it('is github-actions[bot] for a workflow token, which GET /user refuses', async () => {
    expect(await tokenLogin(env.octokit)).toBe(ACTIONS_BOT_LOGIN);
    expect(ACTIONS_BOT_LOGIN).toBe('github-actions[bot]');
  });

  it('does not guess for a token GitHub rejects: the 401 propagates', async () => {
    const octokit = sandboxOctokit(env.sandbox, 'ghs_not_a_token');
    await expect(tokenLogin(octokit)).rejects.toMatchObject({ status: 401 });
  });
});
