import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sha256Hex } from '../../src/github/asset-digest.ts';
import { publishRelease } from '../../src/github/release.ts';
import { sandboxRepo, type SandboxRepo } from '../github/sandbox-setup.ts';
import { testTempDir } from '../support/temp-dir.ts';

/**
 * The steps of `examples/deploy/deploy.yml` (`deploy.mjs`), run as a runner runs them against
 * the sandbox: a release published by modelgate, its deployment (whose payload names each
 * asset's sha256), and the statuses the workflow sets, as GitHub's environments page lists them.
 */

const SCRIPT = fileURLToPath(new URL('../../examples/deploy/deploy.mjs', import.meta.url));
const run = promisify(execFile);
let env: SandboxRepo;

const ASSETS = [
  { name: 'model.json', data: '{"format":"layers-model"}', contentType: 'application/json' },
  {
    name: 'weights.bin',
    data: new Uint8Array([1, 2, 3, 4]),
    contentType: 'application/octet-stream',
  },
  { name: 'preprocessing.json', data: '{"features":[]}', contentType: 'application/json' },
  { name: 'metrics.json', data: '{}', contentType: 'application/json' },
];

beforeAll(async () => {
  env = await sandboxRepo('deploy-target');
});
afterAll(async () => {
  await env.sandbox.close();
});

/** Publishes `tag` as modelgate does and returns its deployment as the event carries it. */
async function released(tag: string): Promise<Record<string, unknown>> {
  const sha = await env.sandbox.commit({
    repo: env.repo.fullName,
    branch: 'main',
    files: { 'v.txt': tag },
    message: tag,
  });
  const result = await publishRelease({
    ...env.context,
    sha,
    tag,
    name: `Model ${tag}`,
    notes: tag,
    assets: ASSETS,
    environment: 'production',
  });
  const { data } = await env.octokit.rest.repos.getDeployment({
    owner: env.owner,
    repo: env.name,
    deployment_id: result.deployment?.id ?? 0,
  });
  return { ...data };
}

async function deployStep(dir: string, deployment: Record<string, unknown>, args: string[]) {
  const eventPath = join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify({ action: 'created', deployment }));
  const token = env.sandbox.createToken({
    repo: env.repo.fullName,
    permissions: { contents: 'read', deployments: 'write', metadata: 'read' },
  });
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        GITHUB_API_URL: env.sandbox.apiUrl,
        GITHUB_SERVER_URL: env.sandbox.url,
        GITHUB_REPOSITORY: env.repo.fullName,
        GITHUB_RUN_ID: '7',
        GITHUB_TOKEN: token,
        GITHUB_EVENT_PATH: eventPath,
      },
    });
    return { code: 0, stdout };
  } catch (error) {
    const stdout = error instanceof Error && 'stdout' in error ? String(error.stdout) : '';
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
    return { code: 1, stdout: stdout + stderr };
  }
}

async function statesOf(id: number) {
  const { data } = await env.octokit.rest.repos.listDeploymentStatuses({
    owner: env.owner,
    repo: env.name,
    deployment_id: id,
  });
  return data.reverse().map((status) => ({ state: status.state, url: status.environment_url }));
}

describe('the deploy workflow', () => {
  it('checks each model file against the deployment, then goes in_progress → success with its URL', async () => {
    const deployment = await released('model-v1.0.0');
    expect(deployment.payload).toMatchObject({
      tag: 'model-v1.0.0',
      assets: { 'weights.bin': sha256Hex(new Uint8Array([1, 2, 3, 4])) },
    });
    const dir = await testTempDir('deploy');
    expect((await deployStep(dir, deployment, ['status', 'in_progress'])).code).toBe(0);
    const fetched = await deployStep(dir, deployment, ['fetch', '_site']);
    expect(fetched.code, fetched.stdout).toBe(0);
    expect([...(await readFile(join(dir, '_site/model/weights.bin')))]).toEqual([1, 2, 3, 4]);
    expect(await readFile(join(dir, '_site/index.html'), 'utf8')).toContain('tf.loadLayersModel');
    const page = 'https://octo.github.io/deploy-target/';
    expect((await deployStep(dir, deployment, ['status', 'success', page])).code).toBe(0);

    const states = await statesOf(Number(deployment.id));
    // modelgate's own "released" status first, then the workflow's.
    expect(states.slice(-2)).toEqual([
      { state: 'in_progress', url: expect.any(String) },
      { state: 'success', url: page },
    ]);
  });

  it('refuses a file whose sha256 differs from the deployment, and reports failure', async () => {
    const deployment = await released('model-v1.0.1');
    const payload = z
      .object({ tag: z.string(), assets: z.record(z.string(), z.string()) })
      .parse(deployment.payload);
    const tampered = {
      ...deployment,
      payload: { ...payload, assets: { ...payload.assets, 'weights.bin': 'f'.repeat(64) } },
    };
    const dir = await testTempDir('deploy-bad');
    const fetched = await deployStep(dir, tampered, ['fetch', '_site']);
    expect(fetched.code).toBe(1);
    expect(fetched.stdout).toMatch(
      /::error::weights\.bin of model-v1\.0\.1 has sha256 [0-9a-f]{64}; expected f{64} from the deployment\./,
    );
    expect((await deployStep(dir, tampered, ['status', 'failure'])).code).toBe(0);
    expect((await statesOf(Number(deployment.id))).at(-1)?.state).toBe('failure');
  });
});
