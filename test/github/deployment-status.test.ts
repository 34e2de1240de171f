import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeployment } from '../../src/github/deployment.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

/**
 * The deployment's first status: `success` by default (releasing is deploying), `queued` when
 * a deploy workflow ships the release and reports its progress. A redelivery must never set a
 * status again once the deployment has one, or it would undo what the deploy workflow said.
 */

let env: SandboxRepo;
beforeAll(async () => {
  env = await sandboxRepo();
});
afterAll(async () => {
  await env.sandbox.close();
});

async function statesOf(id: number): Promise<string[]> {
  const { data } = await env.octokit.rest.repos.listDeploymentStatuses({
    ...env.context,
    deployment_id: id,
  });
  // GitHub lists the newest first; the story reads oldest first.
  return data.map((status) => status.state).reverse();
}

async function commit(name: string): Promise<string> {
  return env.sandbox.commit({
    repo: env.repo.fullName,
    branch: 'main',
    files: { [`${name}.txt`]: name },
    message: name,
  });
}

describe('createDeployment', () => {
  it('gives a new deployment a success status when no first status is named', async () => {
    const sha = await commit('plain');
    const result = await createDeployment({
      ...env.context,
      sha,
      tag: 'model-v1.0.0',
      environment: 'production',
    });
    expect(await statesOf(result.id)).toEqual(['success']);
  });

  it('leaves a queued deployment to its deploy workflow, also on redelivery', async () => {
    const sha = await commit('queued');
    const options = {
      ...env.context,
      sha,
      tag: 'model-v2.0.0',
      environment: 'production',
      status: 'queued' as const,
    };
    const first = await createDeployment(options);
    expect(first.action).toBe('created');
    expect(await statesOf(first.id)).toEqual(['queued']);
    // The deploy workflow takes it and fails.
    for (const state of ['in_progress', 'failure'] as const)
      await env.octokit.rest.repos.createDeploymentStatus({
        ...env.context,
        deployment_id: first.id,
        state,
      });
    const again = await createDeployment(options);
    expect(again).toEqual({ id: first.id, environment: 'production', action: 'existing' });
    expect(await statesOf(first.id)).toEqual(['queued', 'in_progress', 'failure']);
  });
});
