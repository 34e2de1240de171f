import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_RUN_NAME } from '../../src/core/constants.ts';
import type { PullHandle } from '../../src/sandbox/index.ts';
import { ActionWorld, REPORT_PERMISSIONS } from './action-world.ts';

/**
 * A `significance` rule through the bundled Action: the default branch's run keeps its
 * predictions beside its history record, a pull request's `train` job summary compares with
 * them (intervals, the test, the p-value and the sentence) exactly as the `report` job's
 * comment and check do, and both decide the same. On the tiny data set (12 test rows) one row
 * is worth 8.3 points, more than max_drop 0.05.
 */

const config = (learningRate: number) =>
  [
    'data: { path: data/train.csv, label: target }',
    'model: { type: logistic }',
    `train: { epochs: 2, batch_size: 16, learning_rate: ${learningRate}, seed: 7 }`,
    'gate:',
    '  - { metric: accuracy, max_drop: 0.05, significance: 0.05 }',
    'release: { enabled: false }',
    '',
  ].join('\n');

/** The "Noise or regression?" section of a summary or comment, up to the next section. */
function noiseSection(text: string): string {
  const start = text.indexOf('#### Noise or regression?');
  if (start < 0) return '';
  const ends = [text.indexOf('<details>', start), text.indexOf('\n#### ', start + 1)];
  const end = Math.min(...ends.filter((at) => at >= 0));
  return text.slice(start, Number.isFinite(end) ? end : undefined).trim();
}

let world: ActionWorld;
beforeAll(async () => {
  world = await ActionWorld.start();
  // Learning rate 0.5 gets 11 of the 12 test rows right; this is the baseline.
  const sha = await world.sandbox.commit({
    repo: world.repo.fullName,
    branch: 'main',
    files: { '.github/modelgate.yml': config(0.5) },
    message: 'A gate that tells noise from regression',
  });
  const { steps } = await world.push({
    sha,
    token: world.token({ contents: 'write', metadata: 'read' }),
    steps: [{ mode: 'train' }],
  });
  expect(steps[0]?.errors).toEqual([]);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function trainAndReport(branch: string, learningRate: number) {
  const title = `perf: learning rate ${learningRate}`;
  await world.sandbox.commit({
    repo: world.repo.fullName,
    branch,
    files: { '.github/modelgate.yml': config(learningRate) },
    message: title,
  });
  const pull: PullHandle = await world.sandbox.openPullRequest({
    repo: world.repo.fullName,
    head: branch,
    title,
  });
  const trained = await world.trainPullRequest({
    pull,
    title,
    token: world.token({ contents: 'read', metadata: 'read' }),
  });
  expect(trained.step.errors).toEqual([]);
  const reported = await world.report({
    runId: trained.runId,
    pull,
    token: world.token(REPORT_PERMISSIONS),
  });
  expect(reported.errors).toEqual([]);
  const records = world.sandbox.records(world.repo.fullName);
  const check = records.checkRuns.find(
    (run) => run.headSha === pull.headSha && run.name === CHECK_RUN_NAME,
  );
  const comment = records.comments.find((c) => c.issueNumber === pull.number)?.body ?? '';
  return {
    summary: trained.step.summary,
    gate: trained.step.outputs.gate,
    reportSummary: reported.summary,
    reportGate: reported.outputs.gate,
    check,
    comment,
  };
}

describe('a significance rule through the bundled Action', () => {
  it('a one-row drop: the train summary, the comment and the check all say noise and pass', async () => {
    const { summary, gate, reportSummary, reportGate, check, comment } = await trainAndReport(
      'slower',
      0.1,
    );
    const section = noiseSection(summary);
    expect(section).toContain('Paired 12 test rows by row id (base 12, PR 12).');
    expect(section).toContain('| accuracy | 0.9167 [0.6461, 0.9851] | 0.8333 [0.5520, 0.9530] |');
    expect(section).toContain(
      '| gate[0] accuracy | exact McNemar | 1.00 | 0.05 | \u22128.3 points, within noise: 1 of 12 rows changed, p = 1.00 |',
    );
    expect(section).toContain('the rule is finer than the data');
    expect(summary).toContain('but within noise (p = 1.00)');
    expect(gate).toBe('pass');
    expect(check?.conclusion).toBe('success');
    expect(noiseSection(comment)).toBe(section);
    expect(noiseSection(check?.output.summary ?? '')).toBe(section);
    // The report job's own summary and output say the same.
    expect(noiseSection(reportSummary)).toBe(section);
    expect(reportGate).toBe('pass');
  });

  it('a real regression: the train summary and the report both fail it on the paired test', async () => {
    const { summary, gate, reportSummary, reportGate, check, comment } = await trainAndReport(
      'too-slow',
      0.01,
    );
    const section = noiseSection(summary);
    expect(section).toMatch(/a real difference: \d+ of 12 rows changed, p = 0\.0\d+/);
    expect(gate).toBe('fail');
    expect(check?.conclusion).toBe('failure');
    expect(noiseSection(comment)).toBe(section);
    expect(noiseSection(reportSummary)).toBe(section);
    expect(reportGate).toBe('fail');
  });
});
