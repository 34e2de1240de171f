import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PullHandle } from '../../src/sandbox/state-api.ts';
import {
  addPullRun,
  deliverPullRun,
  gateChecks,
  normalize,
  openPull,
  seedBaseline,
  startHarness,
  writes,
  type Harness,
} from './harness.ts';
import { metricsReport, reportArtifact } from './fixtures.ts';
import { workflowRunCompleted } from './payloads.ts';

/** Merge of a gated pull request → history record, tag, release with assets, deployment. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedBaseline(h, 0.9);
});
afterAll(async () => {
  await h?.close();
});

/** Gates, merges and runs training on the merge commit; returns the run's payload. */
async function mergeAndRun(pull: PullHandle, accuracy: number) {
  const sha = await h.sandbox.mergePullRequest({ repo: h.repo.fullName, number: pull.number });
  const run = await h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: sha,
    headBranch: h.repo.defaultBranch,
    event: 'push',
    artifacts: { 'modelgate-report': reportArtifact(metricsReport({ accuracy }, sha)) },
  });
  return { sha, payload: workflowRunCompleted(h.target, { run }) };
}

async function gatedPull(
  branch: string,
  accuracy: number,
  options: { labels?: string[]; title?: string } = {},
) {
  const pull = await openPull(h, branch, options);
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy })));
  return pull;
}

test('merging a gated pull request tags, releases and deploys it exactly once', async () => {
  const pull = await gatedPull('better', 0.93, { title: 'feat: add tenure buckets' });
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  const { sha, payload } = await mergeAndRun(pull, 0.93);
  expect((await h.deliver('workflow_run', payload)).status).toBe(200);

  const history = await h.sandbox.readFile(
    h.repo.fullName,
    `history/${sha}.json`,
    'refs/heads/modelgate-history',
  );
  expect(JSON.parse(history ?? '{}')).toMatchObject({ metrics: { accuracy: 0.93 }, git: { sha } });

  const records = h.sandbox.records(h.repo.fullName);
  expect(records.releases.map((release) => release.tagName)).toEqual(['model-v0.1.0']);
  const [release] = records.releases;
  expect(release?.targetCommitish).toBe(sha);
  expect(await h.sandbox.gitRepo(h.repo.fullName).resolve('refs/tags/model-v0.1.0')).toBe(sha);
  expect(release?.assets.map((asset) => asset.name).sort()).toEqual([
    'metrics.json',
    'model.json',
    'profile.json',
    'weights.bin',
  ]);
  expect(normalize(h, release?.body ?? '')).toMatchSnapshot('release notes');
  expect(records.deployments).toHaveLength(1);
  expect(records.deployments[0]).toMatchObject({
    sha,
    environment: 'production',
    payload: { tag: 'model-v0.1.0' },
  });
  expect(records.deployments[0]?.statuses.map((status) => status.state)).toEqual(['success']);

  // GitHub redelivers: nothing new is written, no second version is computed.
  const before = writes(h).length;
  expect((await h.deliver('workflow_run', payload)).status).toBe(200);
  expect(writes(h).slice(before)).toEqual([]);
  expect(h.sandbox.records(h.repo.fullName).releases).toHaveLength(1);
  expect(h.sandbox.records(h.repo.fullName).deployments).toHaveLength(1);

  // Re-runs of the same commit's workflow, delivered together: still the one release.
  const reruns = await Promise.all(
    [1, 2, 3].map(() =>
      h.sandbox.addWorkflowRun({
        repo: h.repo.fullName,
        headSha: sha,
        headBranch: h.repo.defaultBranch,
        event: 'push',
        artifacts: { 'modelgate-report': reportArtifact(metricsReport({ accuracy: 0.93 }, sha)) },
      }),
    ),
  );
  await Promise.all(
    reruns.map((run) => h.deliver('workflow_run', workflowRunCompleted(h.target, { run }))),
  );
  expect(h.sandbox.records(h.repo.fullName).releases.map((release) => release.tagName)).toEqual([
    'model-v0.1.0',
  ]);
  expect(h.sandbox.records(h.repo.fullName).deployments).toHaveLength(1);
});

test('the next merge bumps from its label and compares with the previous release', async () => {
  const pull = await gatedPull('bigger', 0.95, {
    labels: ['release:major'],
    title: 'Retrain on 2026 data',
  });
  const { payload } = await mergeAndRun(pull, 0.95);
  await h.deliver('workflow_run', payload);
  const releases = h.sandbox.records(h.repo.fullName).releases;
  expect(releases.map((release) => release.tagName)).toEqual(['model-v0.1.0', 'model-v1.0.0']);
  const notes = releases[1]?.body ?? '';
  expect(notes).toContain(
    'Version model-v1.0.0 (label release&#58;major); previous release model-v0.1.0.',
  );
  expect(notes).toContain('| Accuracy | 0.9300 | 0.9500 |');
});

test('a pull request merged with a failing gate, or labelled release:skip, is not released', async () => {
  const failing = await gatedPull('worse', 0.5);
  expect(gateChecks(h, failing.headSha)[0]?.conclusion).toBe('failure');
  await h.deliver('workflow_run', (await mergeAndRun(failing, 0.5)).payload);
  const skipped = await gatedPull('docs', 0.95, { labels: ['release:skip'] });
  await h.deliver('workflow_run', (await mergeAndRun(skipped, 0.95)).payload);
  expect(h.sandbox.records(h.repo.fullName).releases).toHaveLength(2);
  expect(h.sandbox.records(h.repo.fullName).deployments).toHaveLength(2);
});
