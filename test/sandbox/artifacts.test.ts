import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { Octokit } from '@octokit/rest';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createOpenApiValidator } from '../support/openapi.ts';

let sandbox: Sandbox;
let work: string;
const savedEnv = { ...process.env };
/**
 * What the toolkit printed: @actions/core writes workflow commands and progress straight to
 * stdout, past the test runner's per-test capture, so they are kept here instead of in the log.
 */
const printed: string[] = [];
const stdout = vi.spyOn(process.stdout, 'write');

beforeAll(async () => {
  stdout.mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  sandbox = await startSandbox({ validate: createOpenApiValidator() });
  work = await mkdtemp(join(tmpdir(), 'sandbox-artifact-'));
});

afterAll(async () => {
  stdout.mockRestore();
  process.env = savedEnv;
  expect(sandbox.violations).toEqual([]);
  expect(sandbox.serverErrors).toEqual([]);
  await sandbox.close();
  await rm(work, { recursive: true, force: true });
});

describe('artifacts', () => {
  it('@actions/artifact uploads through the results service; the REST download returns the same files', async () => {
    // What the toolkit said (its ::error:: lines included) is shown when the test fails.
    onTestFailed(() => {
      process.stderr.write(printed.join(''));
    });
    const repo = await sandbox.createRepo({ name: 'artifacts' });
    const sha = (await sandbox.branchSha(repo.fullName, 'main')) ?? '';
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'push',
      status: 'in_progress',
    });
    await mkdir(join(work, 'out/model'), { recursive: true });
    await writeFile(join(work, 'out/metrics.json'), '{"accuracy":0.93}\n');
    await writeFile(join(work, 'out/model/weights.bin'), Buffer.alloc(300_000, 7));
    // The toolkit reads the runner environment from process.env at call time.
    Object.assign(process.env, sandbox.runnerEnvironment(run, { workspace: work }));

    const client = new DefaultArtifactClient();
    const uploaded = await client.uploadArtifact(
      'modelgate-report',
      [join(work, 'out/metrics.json'), join(work, 'out/model/weights.bin')],
      join(work, 'out'),
    );
    const artifactId = uploaded.id ?? 0;
    expect(artifactId).toBeGreaterThan(0);
    expect(printed.join('')).toContain(
      `Artifact modelgate-report successfully finalized. Artifact ID ${artifactId}`,
    );
    expect(sandbox.uploadedArtifacts).toEqual([
      {
        runId: run.id,
        name: 'modelgate-report',
        size: uploaded.size,
        digest: `sha256:${uploaded.digest}`,
      },
    ]);
    const listed = await client.listArtifacts();
    expect(listed.artifacts.map((artifact) => artifact.name)).toEqual(['modelgate-report']);
    await expect(
      client.uploadArtifact(
        'modelgate-report',
        [join(work, 'out/metrics.json')],
        join(work, 'out'),
      ),
    ).rejects.toThrow(/already exists|409/);
    sandbox.completeWorkflowRun(run);

    const octokit = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createToken({ repo: repo.fullName, permissions: { actions: 'read' } }),
    });
    const { data: list } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: repo.owner,
      repo: repo.name,
      run_id: run.id,
    });
    expect(list.artifacts[0]?.id).toBe(uploaded.id);
    const download = await octokit.rest.actions.downloadArtifact({
      owner: repo.owner,
      repo: repo.name,
      artifact_id: artifactId,
      archive_format: 'zip',
    });
    if (!(download.data instanceof ArrayBuffer)) throw new Error('expected the zip bytes');
    const files = unzipSync(new Uint8Array(download.data));
    expect(Object.keys(files).sort()).toEqual(['metrics.json', 'model/weights.bin']);
    expect(Buffer.from(files['metrics.json'] ?? new Uint8Array()).toString('utf8')).toBe(
      '{"accuracy":0.93}\n',
    );
    expect(files['model/weights.bin']?.length).toBe(300_000);
  });

  it('serves artifact zips only through a valid signed URL', async () => {
    const response = await fetch(
      `${sandbox.url}/_blobs/artifacts/1.zip?se=2099-01-01T00:00:00.000Z&sig=forged`,
    );
    expect(response.status).toBe(403);
  });

  it('rejects results-service calls without a runtime token for that run', async () => {
    const response = await fetch(
      `${sandbox.url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workflow_run_backend_id: 'a', workflow_job_run_backend_id: 'b' }),
      },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
  });
});
