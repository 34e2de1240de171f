import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MetricsReport } from '../../src/core/metrics-report.ts';
import {
  addPullRun,
  deliverPullRun,
  gateChecks,
  openPull,
  startHarness,
  stickyComments,
  type Harness,
} from './harness.ts';
import { metricsReport, reportArtifact } from './fixtures.ts';
import { workflowRunCompleted } from './payloads.ts';

/**
 * The significance gate end to end through the App: the baseline's predictions come from the
 * history branch (written there by the App's own default-branch run), the pull request's from
 * its artifact; a rule finer than one test row passes a one-row drop as noise and still fails
 * a real regression, and a forged predictions.csv never turns a failure into a pass.
 */

const ROWS = 114;
const CONFIG = `data: { path: data/train.csv, label: target }
gate:
  - { metric: accuracy, max_drop: 0.005, significance: 0.05 }
release: { enabled: false }
`;

/** The 114 rows' truth: alternating labels, ids as modelgate writes them (16 hex digits). */
const id = (row: number): string => row.toString(16).padStart(16, '0');
const truth = (row: number): string => String(row % 2);

/** predictions.csv where the rows in `wrong` are misclassified. */
function predictionsCsv(wrong: ReadonlySet<number>): string {
  const lines = ['row_id,y_true,y_pred,y_score'];
  for (let row = 0; row < ROWS; row++) {
    const pred = wrong.has(row) ? String(1 - (row % 2)) : truth(row);
    lines.push(`${id(row)},${truth(row)},${pred},${pred === '1' ? 0.8 : 0.2}`);
  }
  return `${lines.join('\n')}\n`;
}

function run(wrong: ReadonlySet<number>, sha: string | null): MetricsReport {
  return { ...metricsReport({ accuracy: (ROWS - wrong.size) / ROWS }, sha), n_test: ROWS };
}

const range = (from: number, to: number): Set<number> =>
  new Set(Array.from({ length: to - from }, (_, i) => from + i));
/** The baseline misses 10 rows. */
const BASE_WRONG = range(0, 10);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: CONFIG, repoName: 'noise-model' });
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('the default branch has no commit');
  // The App records the default branch's run, predictions included, as it does in production.
  const baseRun = await h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: sha,
    headBranch: h.repo.defaultBranch,
    event: 'push',
    artifacts: {
      'modelgate-report': {
        ...reportArtifact(run(BASE_WRONG, sha)),
        'predictions.csv': predictionsCsv(BASE_WRONG),
      },
    },
  });
  await h.deliver('workflow_run', workflowRunCompleted(h.target, { run: baseRun }));
});
afterAll(async () => {
  await h?.close();
});

async function judge(branch: string, wrong: Set<number>, csv = predictionsCsv(wrong)) {
  const pull = await openPull(h, branch);
  const report = { ...run(wrong, pull.headSha), git: { sha: pull.headSha, ref: null } };
  const workflowRun = await addPullRun(h, pull, null, {
    artifacts: { 'modelgate-report': { ...reportArtifact(report), 'predictions.csv': csv } },
  });
  // 202: the handler outlived the middleware's 9 s budget on a loaded machine; the harness
  // waits for it either way.
  expect([200, 202]).toContain((await deliverPullRun(h, pull, workflowRun)).status);
  const [check] = gateChecks(h, pull.headSha);
  const [comment] = stickyComments(h, pull.number);
  return { check, comment: comment?.body ?? '' };
}

describe('a significance rule through the App', () => {
  test('the default-branch run leaves its predictions beside its history record', async () => {
    const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
    const kept = await h.sandbox.readFile(
      h.repo.fullName,
      `history/${sha}.predictions.csv`,
      'modelgate-history',
    );
    expect(kept).toBe(predictionsCsv(BASE_WRONG));
  });

  test('a one-row drop is within noise and passes', async () => {
    const { check, comment } = await judge('one-row', new Set([...BASE_WRONG, 10]));
    expect(check?.conclusion).toBe('success');
    expect(comment).toContain('within noise: 1 of 114 rows changed, p = 1.00');
  });

  test('a real regression still fails', async () => {
    const { check, comment } = await judge(
      'regression',
      new Set([...BASE_WRONG, ...range(10, 30)]),
    );
    expect(check?.conclusion).toBe('failure');
    expect(check?.title).toMatch(/^Gate failed: accuracy/);
    expect(comment).toContain('a real difference');
  });

  test('predictions that disagree with metrics.json are refused: the bound decides', async () => {
    // A real regression whose predictions.csv claims the baseline's rows (p would be 1).
    const wrong = new Set([...BASE_WRONG, ...range(10, 30)]);
    const { check, comment } = await judge('forged', wrong, predictionsCsv(BASE_WRONG));
    expect(check?.conclusion).toBe('failure');
    expect(comment).toContain(
      "predictions.csv gives accuracy 0.9122807017543859 but the run's metrics.json says 0.7368421052631579",
    );
    expect(comment).toContain('this run has no predictions.csv');
  });

  /** A real regression (20 more wrong rows) whose predictions.csv is hostile in one way. */
  const REGRESSION = new Set([...BASE_WRONG, ...range(10, 30)]);
  const claim = predictionsCsv(BASE_WRONG);
  test.each([
    [
      'a duplicated row id',
      claim.replace(id(1), id(0)),
      `line 3 repeats row_id ${id(0)}; expected each row once`,
    ],
    [
      'a NaN score',
      claim.replace(/,0\.2\n/, ',NaN\n'),
      'has y_score "NaN"; expected a finite number',
    ],
    [
      "another task's file",
      `row_id,y_true,y_pred\n${id(0)},0.5,0.5\n`,
      'line 2 has y_true "0.5"; expected one of the run\'s labels',
    ],
    [
      // 10^6 short rows fit the artifact's 32 MiB cap for predictions.csv (10^7 do not, and the
      // whole artifact is refused); the line count refuses them before they are parsed.
      '10^6 rows',
      `row_id,y_true,y_pred,y_score\n${'a,0,0,0.2\n'.repeat(1_000_000)}`,
      'predictions.csv has more than 230 lines; expected 1 to 114 rows',
    ],
  ])(
    'a predictions.csv with %s fails the check clearly, never passes it',
    async (_what, csv, why) => {
      const branch = `hostile-${_what.replace(/[^a-z0-9]+/gi, '-')}`;
      const { check, comment } = await judge(branch, REGRESSION, csv);
      expect(check?.conclusion).toBe('failure');
      expect(comment).toContain(why);
      expect(comment).not.toContain('within noise');
    },
  );
});
