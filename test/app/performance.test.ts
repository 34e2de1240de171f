import { expect, test } from 'vitest';
import { PERFORMANCE_RUN_SCHEMA } from '../../src/core/constants.ts';
import { buildPerformanceReport } from '../../src/core/performance/performance-report.ts';
import { addMonitorRun, useHarness } from './harness.ts';
import { driftJson } from './fixtures.ts';

/**
 * Monitoring runs whose artifact carries performance.json → the performance issue of the
 * latest release, through the App's real webhook handler: opened on a drop, commented on
 * with the trend over monitoring runs, closed by a clean run; the drift issue is another one.
 */

const h = useHarness({
  setup: async ({ sandbox, repo }) => {
    const sha = await sandbox.branchSha(repo.fullName, repo.defaultBranch);
    if (sha === null) throw new Error('no default branch');
    await sandbox.gitRepo(repo.fullName).updateRef('refs/tags/model-v1.2.0', sha, null);
  },
});

/** performance.json of a run whose labelled production data scored `accuracy`. */
function performanceJson(accuracy: number): string {
  const report = buildPerformanceReport({
    releaseTag: 'model-v1.2.0',
    task: 'classification',
    releaseMetrics: { accuracy: 0.9, f1: 0.88, roc_auc: 0.95 },
    rows: 500,
    labelledRows: 500,
    realised: { accuracy, f1: accuracy - 0.02, roc_auc: 0.93 },
    estimated: {
      accuracy: 0.89,
      f1: 0.87,
      roc_auc: 0.94,
      confusion: [
        [0, 0],
        [0, 0],
      ],
      n: 500,
    },
    rules: [{ metric: 'accuracy', max_drop: 0.05 }],
    tolerance: 0.05,
  });
  return `${JSON.stringify(report, null, 2)}\n`;
}

async function monitorRun(
  accuracy: number,
  id?: number,
): Promise<{ id: number; payload: Record<string, unknown> }> {
  const { run, payload } = await addMonitorRun(
    h,
    {
      'modelgate-drift': {
        'drift.json': driftJson(false),
        'performance.json': performanceJson(accuracy),
      },
    },
    id,
  );
  return { id: run.id, payload };
}

const issues = () =>
  [...h.sandbox.records(h.repo.fullName).issues.values()].filter((issue) => issue.pull === null);
const commentsOn = (number: number | undefined) =>
  h.sandbox.records(h.repo.fullName).comments.filter((comment) => comment.issueNumber === number);

test('a drop opens the release performance issue, a second drop comments with the trend, a clean run closes it', async () => {
  const first = await monitorRun(0.7);
  await h.deliver('workflow_run', first.payload);
  const [issue, ...others] = issues();
  expect(others).toEqual([]);
  expect(issue).toMatchObject({
    state: 'open',
    title: 'Performance drop of model model-v1.2.0 in production',
    labels: ['performance'],
  });
  expect(issue?.body).toContain('<!-- modelgate:performance model-v1.2.0 -->');
  expect(issue?.body).toContain(`<!-- modelgate:performance-run ${first.id}:1 -->`);
  expect(issue?.body).toContain('**Performance dropped**');
  // Estimated 0.89 against a realised 0.70: CBPE's assumption broke, and the issue says so.
  expect(issue?.body).toContain('**The estimate cannot be trusted**');

  const second = await monitorRun(0.6);
  await h.deliver('workflow_run', second.payload);
  expect(issues()).toHaveLength(1);
  expect(commentsOn(issue?.number)).toHaveLength(1);
  const update = commentsOn(issue?.number)[0]?.body ?? '';
  // The trend over the release's monitoring runs, as a chart GitHub renders.
  expect(update).toContain('xychart-beta');
  expect(update).toContain(`"run ${first.id}", "run ${second.id}"`);
  expect(update).toContain('line [0.7, 0.6]');

  // The same delivery again writes nothing.
  const before = commentsOn(issue?.number).length;
  await h.deliver('workflow_run', second.payload);
  expect(commentsOn(issue?.number)).toHaveLength(before);

  await h.deliver('workflow_run', (await monitorRun(0.89)).payload);
  expect(issues().map((candidate) => candidate.state)).toEqual(['closed']);
  expect(commentsOn(issue?.number)[1]?.body).toMatch(
    /^<!-- modelgate:performance-run \d+:1 -->\nNo performance drop in the latest check of model-v1\.2\.0; closing\./,
  );

  // Each run is one append-only point on the history branch.
  const point = await h.sandbox.readFile(
    h.repo.fullName,
    `monitoring/model-v1.2.0/${first.id}-1.json`,
    'refs/heads/modelgate-history',
  );
  expect(JSON.parse(point ?? '{}')).toMatchObject({
    schema: 'modelgate/performance-run@1',
    run: { id: first.id, attempt: 1 },
    basis: 'realised',
    values: { accuracy: 0.7 },
  });
});

/** Run ids as GitHub hands them out today: ten digits, each run's above the last. */
const FIRST_RUN_ID = 9_000_000_000;

/**
 * Writes `count` earlier monitoring points of model-v1.2.0 straight into the history branch's
 * git repository, in one commit: the oldest share one blob (they are never read when the
 * newest are found), the newest 50 each have their own, with accuracy 0.8 and the last 0.77.
 */
async function seedTrend(count: number): Promise<void> {
  const git = h.sandbox.gitRepo(h.repo.fullName);
  const record = (id: number, accuracy: number) =>
    `${JSON.stringify({
      schema: PERFORMANCE_RUN_SCHEMA,
      release_tag: 'model-v1.2.0',
      run: { id, attempt: 1 },
      basis: 'realised',
      values: { accuracy },
    })}\n`;
  const shared = await git.writeBlob(record(FIRST_RUN_ID, 0.8));
  const entries: { path: string; mode: string; sha: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = FIRST_RUN_ID + index;
    const own = index >= count - 50;
    entries.push({
      path: `monitoring/model-v1.2.0/${id}-1.json`,
      mode: '100644',
      sha: own ? await git.writeBlob(record(id, index === count - 1 ? 0.77 : 0.8)) : shared,
    });
  }
  const ref = 'refs/heads/modelgate-history';
  const tip = await git.resolve(ref);
  const tree = await git.buildTree(tip, entries);
  const who = { name: 'seed', email: 'seed@example.com', date: '2026-01-01T00:00:00Z' };
  const commit = await git.commitTree(tree, tip === null ? [] : [tip], 'seed the trend', who);
  await git.updateRef(ref, commit, tip);
}

test('past 1,000 monitoring runs of a release, the trend still ends with the newest points', async () => {
  // More points than the contents API lists in one folder (GitHub stops at 1,000).
  await seedTrend(1_100);
  const newest = FIRST_RUN_ID + 1_099;
  const run = await monitorRun(0.6, FIRST_RUN_ID + 1_100);
  await h.deliver('workflow_run', run.payload);
  const issue = issues()[0];
  expect(issue?.state).toBe('open');
  const reopened = commentsOn(issue?.number).at(-1)?.body ?? '';
  expect(reopened).toContain('The performance drop of model-v1.2.0 is back; reopening.');
  // The chart's last two points: the newest seeded run, then this one.
  expect(reopened).toContain(`"run ${newest - 1}", "run ${newest}", "run ${run.id}"]`);
  expect(reopened).toMatch(/line \[(0\.8, ){28}0\.77, 0\.6\]/);
});
