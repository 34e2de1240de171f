import { afterAll, beforeAll, expect, test } from 'vitest';
import { normalize, startHarness, writes, type Harness } from './harness.ts';
import { driftJson } from './fixtures.ts';
import { workflowRunCompleted } from './payloads.ts';

/** Monitoring runs → the drift issue of the latest release: opened, updated, closed. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('no default branch');
  await h.sandbox.gitRepo(h.repo.fullName).updateRef('refs/tags/model-v1.2.0', sha, null);
});
afterAll(async () => {
  await h?.close();
});

async function monitorRun(shifted: boolean): Promise<Record<string, unknown>> {
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('no default branch');
  const run = await h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: sha,
    headBranch: h.repo.defaultBranch,
    event: 'schedule',
    name: 'monitor',
    path: '.github/workflows/monitor.yml',
    artifacts: { 'modelgate-drift': { 'drift.json': driftJson(shifted) } },
  });
  return workflowRunCompleted(h.target, { run });
}

function driftIssues() {
  return [...h.sandbox.records(h.repo.fullName).issues.values()].filter(
    (issue) => issue.pull === null,
  );
}

test('drift opens one issue for the release, later drift comments on it, a clean run closes it', async () => {
  const first = await monitorRun(true);
  await h.deliver('workflow_run', first);
  const [issue, ...others] = driftIssues();
  expect(others).toEqual([]);
  expect(issue).toMatchObject({
    state: 'open',
    title: 'Data drift detected for model model-v1.2.0',
    labels: ['drift', 'model'],
  });
  expect(issue?.body).toContain('<!-- modelgate:drift model-v1.2.0 -->');
  expect(normalize(h, issue?.body ?? '')).toMatchSnapshot('drift issue body');

  const again = await monitorRun(true);
  await h.deliver('workflow_run', again);
  expect(driftIssues()).toHaveLength(1);
  const comments = () =>
    h.sandbox
      .records(h.repo.fullName)
      .comments.filter((comment) => comment.issueNumber === issue?.number);
  expect(comments()).toHaveLength(1);

  // The same delivery again changes nothing.
  const before = writes(h).length;
  await h.deliver('workflow_run', again);
  expect(writes(h).slice(before)).toEqual([]);
  expect(comments()).toHaveLength(1);

  await h.deliver('workflow_run', await monitorRun(false));
  expect(driftIssues()[0]?.state).toBe('closed');
  expect(comments()).toHaveLength(2);
  expect(comments()[1]?.body).toMatch(
    /^No data drift in the latest check of model-v1.2.0; closing\./,
  );

  // Clean again: nothing to close, nothing written. And the first drift run, delivered late,
  // does not reopen the issue: a newer run has been reported since.
  const quiet = writes(h).length;
  await h.deliver('workflow_run', await monitorRun(false));
  await h.deliver('workflow_run', first);
  expect(writes(h).slice(quiet)).toEqual([]);
  expect(driftIssues().map((candidate) => candidate.state)).toEqual(['closed']);

  // New drift after the close opens a new issue for the release.
  await h.deliver('workflow_run', await monitorRun(true));
  expect(driftIssues().map((candidate) => candidate.state)).toEqual(['closed', 'open']);
});
