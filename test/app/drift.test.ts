import { Octokit } from '@octokit/rest';
import { expect, test } from 'vitest';
import { DriftReportSchema } from '../../src/core/drift/drift-report.ts';
import { renderDriftMarkdown } from '../../src/core/drift/drift-markdown.ts';
import { syncDriftIssue } from '../../src/github/drift-issue.ts';
import {
  addMonitorRun,
  addPullRun,
  deliverPullRun,
  gateChecks,
  normalize,
  openPull,
  useHarness,
  stickyComments,
  writes,
} from './harness.ts';
import { driftJson, metricsReport, reportArtifact } from './fixtures.ts';
import { workflowRunCompleted } from './payloads.ts';

/** Monitoring runs → the drift issue of the latest release: opened, updated, closed, reopened. */

const h = useHarness({
  setup: async ({ sandbox, repo }) => {
    const sha = await sandbox.branchSha(repo.fullName, repo.defaultBranch);
    if (sha === null) throw new Error('no default branch');
    await sandbox.gitRepo(repo.fullName).updateRef('refs/tags/model-v1.2.0', sha, null);
  },
});

async function monitorRun(shifted: boolean): Promise<Record<string, unknown>> {
  return (await monitorRunWithId(shifted)).payload;
}

/** A scheduled monitoring run of the default branch head; `report` adds a training report. */
async function monitorRunWithId(
  shifted: boolean,
  report?: (sha: string) => Record<string, string>,
): Promise<{ id: number; sha: string; payload: Record<string, unknown> }> {
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('no default branch');
  const { run, payload } = await addMonitorRun(h, {
    'modelgate-drift': { 'drift.json': driftJson(shifted) },
    ...(report === undefined ? {} : { 'modelgate-report': report(sha) }),
  });
  return { id: run.id, sha, payload };
}

/**
 * What the Action's monitor mode does when its token can write issues: report the run on the
 * drift issue itself, with the run attempt's marker.
 */
async function actionReports(runId: number, shifted: boolean): Promise<string> {
  const token = h.sandbox.createToken({
    repo: { owner: h.repo.owner, name: h.repo.name },
    permissions: { issues: 'write', metadata: 'read' },
  });
  const octokit = new Octokit({ baseUrl: h.sandbox.apiUrl, auth: token });
  const report = DriftReportSchema.parse(JSON.parse(driftJson(shifted)));
  const result = await syncDriftIssue({
    octokit,
    owner: h.repo.owner,
    repo: h.repo.name,
    releaseTag: 'model-v1.2.0',
    report,
    body: renderDriftMarkdown(report),
    labels: ['drift', 'model'],
    run: { id: runId, attempt: 1 },
  });
  return result.action;
}

function driftIssues() {
  return [...h.sandbox.records(h.repo.fullName).issues.values()].filter(
    (issue) => issue.pull === null,
  );
}

test('drift opens one issue for the release, later drift comments on it, a clean run closes it, drift reopens it', async () => {
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
    /^<!-- modelgate:drift-run \d+:1 -->\nNo data drift in the latest check of model-v1.2.0; closing\./,
  );

  // Clean again: nothing to close, nothing written. And the first drift run, delivered late,
  // does not reopen the issue: a newer run has been reported since.
  const quiet = writes(h).length;
  await h.deliver('workflow_run', await monitorRun(false));
  await h.deliver('workflow_run', first);
  expect(writes(h).slice(quiet)).toEqual([]);
  expect(driftIssues().map((candidate) => candidate.state)).toEqual(['closed']);

  // New drift after the close reopens the release's one issue, saying so.
  await h.deliver('workflow_run', await monitorRun(true));
  expect(driftIssues().map((candidate) => candidate.state)).toEqual(['open']);
  expect(comments()).toHaveLength(3);
  expect(comments()[2]?.body).toMatch(
    /^<!-- modelgate:drift-run \d+:1 -->\nData drift is back for model-v1\.2\.0; reopening\./,
  );
});

test('a run the Action already reported is not reported again by the App, and the other way round', async () => {
  const issueCount = driftIssues().length;
  const comments = (number: number | undefined) =>
    h.sandbox.records(h.repo.fullName).comments.filter((comment) => comment.issueNumber === number);

  // The Action first (its token can write issues), then the App on the completed run.
  const drift = await monitorRunWithId(true);
  expect(await actionReports(drift.id, true)).not.toBe('none');
  const open = driftIssues().find((issue) => issue.state === 'open');
  const before = writes(h).length;
  await h.deliver('workflow_run', drift.payload);
  expect(writes(h).slice(before)).toEqual([]);

  // The App first (a redelivery or a later attempt of the Action's step), then the Action.
  const more = await monitorRunWithId(true);
  await h.deliver('workflow_run', more.payload);
  expect(await actionReports(more.id, true)).toBe('none');

  const clean = await monitorRunWithId(false);
  await h.deliver('workflow_run', clean.payload);
  expect(await actionReports(clean.id, false)).toBe('none');

  expect(driftIssues()).toHaveLength(issueCount);
  expect(driftIssues().find((issue) => issue.number === open?.number)?.state).toBe('closed');
  const bodies = comments(open?.number).map((comment) => comment.body);
  for (const id of [drift.id, more.id, clean.id]) {
    expect(bodies.filter((body) => body.includes(`modelgate:drift-run ${id}:1 `))).toHaveLength(1);
  }
});

test('drift uploaded by a pull request run or by a run of another branch is ignored', async () => {
  // An open drift issue that a made-up clean report would close.
  await h.deliver('workflow_run', await monitorRun(true));
  const open = driftIssues().filter((issue) => issue.state === 'open');
  expect(open).toHaveLength(1);
  const clean = { 'modelgate-drift': { 'drift.json': driftJson(false) } };

  // A fork's pull request, its branch named like the default branch: its workflow uploads
  // whatever it likes, and the App would write with its own token.
  const pull = await openPull(h, 'fake-clean-drift', { fromFork: 'mallory' });
  const forkRun = await h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: pull.headSha,
    headBranch: h.repo.defaultBranch,
    headRepo: pull.headRepo,
    event: 'pull_request',
    name: 'monitor',
    path: '.github/workflows/monitor.yml',
    artifacts: clean,
  });
  // A scheduled run of a branch other than the default one.
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('no default branch');
  const branchRun = await h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: sha,
    headBranch: 'experiment',
    event: 'schedule',
    name: 'monitor',
    path: '.github/workflows/monitor.yml',
    artifacts: clean,
  });

  // Each one alone would close the issue, so each is checked alone.
  for (const payload of [
    workflowRunCompleted(h.target, { run: branchRun }),
    workflowRunCompleted(h.target, {
      run: forkRun,
      headRepo: h.sandbox.repoHandle(pull.headRepo),
    }),
  ]) {
    const before = writes(h).length;
    expect((await h.deliver('workflow_run', payload)).status).toBe(200);
    expect(writes(h).slice(before)).toEqual([]);
    expect(driftIssues().filter((issue) => issue.state === 'open')).toEqual(open);
  }
});

test('a pull request run that uploads drift with its report is gated, and its drift is ignored', async () => {
  await h.deliver('workflow_run', await monitorRun(true));
  const issues = structuredClone(driftIssues());
  expect(issues.filter((issue) => issue.state === 'open')).toHaveLength(1);

  // Its workflow trains and also checks drift: the clean drift report would close the issue.
  const pull = await openPull(h, 'trains-and-checks-drift');
  const run = await addPullRun(h, pull, null, {
    artifacts: {
      'modelgate-report': reportArtifact({
        ...metricsReport({ accuracy: 0.93 }),
        git: { sha: pull.headSha, ref: `refs/pull/${pull.number}/merge` },
      }),
      'modelgate-drift': { 'drift.json': driftJson(false) },
    },
  });
  const before = writes(h).length;
  expect((await deliverPullRun(h, pull, run)).status).toBe(200);

  expect(gateChecks(h, pull.headSha)).toHaveLength(1);
  expect(stickyComments(h, pull.number)).toHaveLength(1);
  expect(driftIssues()).toEqual(issues);
  expect(
    writes(h)
      .slice(before)
      .filter((write) => write.path.includes('/issues/')),
  ).toEqual([{ method: 'POST', path: `/repos/${h.repo.fullName}/issues/${pull.number}/comments` }]);
});

test('a default-branch run that trains and checks drift reports the drift and records its metrics', async () => {
  const { sha, payload } = await monitorRunWithId(true, (head) =>
    reportArtifact(metricsReport({ accuracy: 0.91 }, head)),
  );
  expect((await h.deliver('workflow_run', payload)).status).toBe(200);
  expect(driftIssues().filter((issue) => issue.state === 'open')).toHaveLength(1);
  const history = await h.sandbox.readFile(
    h.repo.fullName,
    `history/${sha}.json`,
    'refs/heads/modelgate-history',
  );
  expect(JSON.parse(history ?? '{}')).toMatchObject({ metrics: { accuracy: 0.91 }, git: { sha } });
});
