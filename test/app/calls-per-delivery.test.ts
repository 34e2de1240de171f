import { expect, test } from 'vitest';
import { buildPerformanceReport } from '../../src/core/performance/performance-report.ts';
import {
  addMonitorRun,
  addPullRun,
  addPushRun,
  deliverPullRun,
  gateChecks,
  openPull,
  useHarness,
  type Harness,
} from './harness.ts';
import { driftJson, metricsReport } from './fixtures.ts';

/**
 * The GitHub calls one delivery makes, by operation, pinned (issue 20): a call the flow does
 * not need — a file read twice, a listing repeated, a lookup an earlier answer settled —
 * fails here, named, instead of growing the count unnoticed. `npm run bench -- app` counts
 * the same way on the same sandbox. Counts, not timings.
 */

const h = useHarness({
  baseline: 0.9,
  setup: async (harness) => {
    const { sandbox, repo } = harness;
    const sha = await sandbox.branchSha(repo.fullName, repo.defaultBranch);
    if (sha === null) throw new Error('no default branch');
    await sandbox.gitRepo(repo.fullName).updateRef('refs/tags/model-v1.2.0', sha, null);
    // The App looks itself up and gets an installation token once per process; not per delivery.
    const warm = await openPull(harness, 'warm-up');
    await deliverPullRun(harness, warm, await addPullRun(harness, warm, metricsReport({})));
  },
});

type Calls = Record<string, number>;

/** The sandbox's requests during `deliver`, counted by REST operation (artifact blobs as one). */
async function callsOf(harness: Harness, deliver: () => Promise<unknown>): Promise<Calls> {
  const before = harness.sandbox.requests.length;
  await deliver();
  const calls: Calls = {};
  for (const entry of harness.sandbox.requests.slice(before)) {
    const kind = entry.operation ?? `${entry.method} ${entry.path.replace(/\d+/g, '<id>')}`;
    calls[kind] = (calls[kind] ?? 0) + 1;
  }
  return calls;
}

/** One line per operation whose count differs: which call is new, gone, or repeated. */
function differences(made: Calls, expected: Calls): string[] {
  const kinds = [...new Set([...Object.keys(made), ...Object.keys(expected)])].sort();
  return kinds.flatMap((kind) => {
    const [want, got] = [expected[kind] ?? 0, made[kind] ?? 0];
    return want === got ? [] : [`${kind}: expected ${want}, made ${got}`];
  });
}

const REPO = 'GET /repos/{owner}/{repo}';

test('a pull request run: 17 calls, each file read once and one compare for the whole gate', async () => {
  const pull = await openPull(h, 'counted');
  const run = await addPullRun(h, pull, metricsReport({ accuracy: 0.92 }));
  const made = await callsOf(h, () => deliverPullRun(h, pull, run));
  expect(gateChecks(h, pull.headSha)).toMatchObject([{ conclusion: 'success' }]);
  const expected: Calls = {
    // The pull request, read inside its queue job (the head may have moved while it waited).
    [`${REPO}/pulls/{pull_number}`]: 1,
    // The training workflow's default-branch copy, the config, the baseline record and its
    // predictions; no DVC pointer reads, since the compare shows no pointer changed.
    [`${REPO}/contents/{path}`]: 4,
    [`${REPO}/actions/runs`]: 1,
    [`${REPO}/actions/runs/{run_id}/artifacts`]: 1,
    [`${REPO}/actions/artifacts/{artifact_id}/{archive_format}`]: 1,
    'GET /_blobs/artifacts/<id>.zip': 1,
    // What the pull request changes and its merge base, for the workflow, the data and the baseline.
    [`${REPO}/compare/{basehead}`]: 1,
    // The thread before the verdict, after creating the sticky (two writers may both create
    // one), and after publishing (an override recorded meanwhile is judged again).
    [`${REPO}/issues/{issue_number}/comments`]: 3,
    // The check before, and after creating it (a concurrent writer's check converges).
    [`${REPO}/commits/{ref}/check-runs`]: 2,
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
    'POST /repos/{owner}/{repo}/check-runs': 1,
  };
  expect(differences(made, expected), 'GitHub calls of one pull request delivery').toEqual([]);
  expect(Object.values(made).reduce((sum, n) => sum + n, 0)).toBe(17);
});

test('a pull request whose data changed: the base run artifact is listed and downloaded once', async () => {
  const base = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (base === null) throw new Error('no default branch');
  // The baseline commit's own training run, whose artifact holds the base data summary.
  await addPushRun(h, base, 0.9);
  const pull = await openPull(h, 'new-data');
  const trained = metricsReport({ accuracy: 0.92 });
  const run = await addPullRun(h, pull, {
    ...trained,
    data: { ...trained.data, sha256: 'b'.repeat(64) },
  });
  const made = await callsOf(h, () => deliverPullRun(h, pull, run));
  expect(gateChecks(h, pull.headSha)).toMatchObject([{ conclusion: 'success' }]);
  const expected: Calls = {
    [`${REPO}/pulls/{pull_number}`]: 1,
    [`${REPO}/contents/{path}`]: 4,
    // The head's runs, and the baseline commit's (its default-branch training run).
    [`${REPO}/actions/runs`]: 2,
    // Per run, one listing serves both the "has it expired?" question and the download.
    [`${REPO}/actions/runs/{run_id}/artifacts`]: 2,
    [`${REPO}/actions/artifacts/{artifact_id}/{archive_format}`]: 2,
    'GET /_blobs/artifacts/<id>.zip': 2,
    [`${REPO}/compare/{basehead}`]: 1,
    [`${REPO}/issues/{issue_number}/comments`]: 3,
    [`${REPO}/commits/{ref}/check-runs`]: 2,
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
    'POST /repos/{owner}/{repo}/check-runs': 1,
  };
  expect(differences(made, expected), 'GitHub calls of a data-changing delivery').toEqual([]);
});

test('a monitoring run with drift and performance: one artifact download, the config and the release read once', async () => {
  const { payload } = await addMonitorRun(h, {
    'modelgate-drift': { 'drift.json': driftJson(true), 'performance.json': performanceJson() },
  });
  const made = await callsOf(h, () => h.deliver('workflow_run', payload));
  const issues = [...h.sandbox.records(h.repo.fullName).issues.values()];
  expect(issues.filter((issue) => issue.pull === null && issue.state === 'open')).toHaveLength(2);
  const expected: Calls = {
    // One listing, one download, one unzip serve drift.json and performance.json.
    [`${REPO}/actions/runs/{run_id}/artifacts`]: 1,
    [`${REPO}/actions/artifacts/{artifact_id}/{archive_format}`]: 1,
    'GET /_blobs/artifacts/<id>.zip': 1,
    // The config once for both reports; the performance trend's folder and its one point.
    [`${REPO}/contents/{path}`]: 3,
    // The latest release, once for both reports.
    [`${REPO}/git/matching-refs/{ref}`]: 1,
    // Per issue: the open ones and the release's closed one, the open ones again right before
    // creating (after the label calls) and after (a concurrent run may have opened one too).
    [`${REPO}/issues`]: 8,
    [`${REPO}/labels`]: 2,
    'POST /repos/{owner}/{repo}/labels': 3,
    'POST /repos/{owner}/{repo}/issues': 2,
    // The run's point of the performance trend, appended on the history branch.
    'PUT /repos/{owner}/{repo}/contents/{path}': 1,
  };
  expect(differences(made, expected), 'GitHub calls of one monitoring delivery').toEqual([]);
});

/** performance.json of a run whose labelled production data dropped below the release. */
function performanceJson(): string {
  const report = buildPerformanceReport({
    releaseTag: 'model-v1.2.0',
    task: 'classification',
    releaseMetrics: { accuracy: 0.9 },
    rows: 500,
    labelledRows: 500,
    realised: { accuracy: 0.7 },
    estimated: null,
    rules: [{ metric: 'accuracy', max_drop: 0.05 }],
    tolerance: 0.05,
  });
  return `${JSON.stringify(report, null, 2)}\n`;
}
