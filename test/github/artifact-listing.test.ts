import { afterAll, beforeAll, expect, test } from 'vitest';
import { artifactListing } from '../../src/github/artifact-listing.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
let runId: number;
beforeAll(async () => {
  env = await sandboxRepo();
  const headSha = await env.sandbox.commit({
    repo: env.repo.fullName,
    branch: 'main',
    files: { 'a.txt': '1' },
    message: 'a',
  });
  const run = await env.sandbox.addWorkflowRun({
    repo: env.repo.fullName,
    headSha,
    headBranch: 'main',
    artifacts: { 'modelgate-drift': { 'drift.json': '{}' }, other: { 'x.txt': 'x' } },
  });
  runId = run.id;
});
afterAll(async () => {
  await env.sandbox.close();
});

/** The artifact listings the sandbox served since `mark`, by their name filter. */
function listings(mark: number): string[] {
  return env.sandbox.requests
    .slice(mark)
    .filter((entry) => entry.path.endsWith(`/runs/${runId}/artifacts`))
    .map((entry) => new URLSearchParams(entry.query).get('name') ?? '(all)');
}

test('a name asked first is listed with the name filter, once', async () => {
  const listing = artifactListing(env.context);
  const mark = env.sandbox.requests.length;
  await listing.named(runId, 'modelgate-drift');
  await listing.named(runId, 'modelgate-drift');
  expect(listings(mark)).toEqual(['modelgate-drift']);
});

test('after the whole listing, a name is served from it without asking again', async () => {
  const listing = artifactListing(env.context);
  const mark = env.sandbox.requests.length;
  const all = await listing.all(runId);
  expect(all.map((artifact) => artifact.name).sort()).toEqual(['modelgate-drift', 'other']);
  expect((await listing.named(runId, 'modelgate-drift')).map((a) => a.name)).toContain(
    'modelgate-drift',
  );
  await listing.all(runId);
  expect(listings(mark)).toEqual(['(all)']);
});
