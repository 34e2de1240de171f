import { describe, expect, it } from 'vitest';
import { renderCheckSummary } from '../../../src/core/render/check-summary.ts';
import { renderJobSummary } from '../../../src/core/render/job-summary.ts';
import { renderPullRequestComment } from '../../../src/core/render/pull-request-comment.ts';
import { renderReleaseNotes } from '../../../src/core/render/release-notes.ts';
import { sha256Hex } from '../../../src/github/asset-digest.ts';
import { classificationRun, regressionRun } from '../gate/fixtures.ts';
import {
  PASS_TREND,
  manyMetrics,
  multiclassMany,
  noBaseline,
  passing,
  realRegression,
  regression,
  withinNoise,
} from './scenarios.ts';

/** Assets named as attached, each with the sha256 of its name (a stand-in for its bytes). */
const digests = (names: readonly string[]) =>
  names.map((name) => ({ name, sha256: sha256Hex(name) }));

/**
 * File snapshots of everything a reviewer sees, so a change to the rendering shows up as a
 * readable markdown diff in review. Update with `npx vitest run -u` after checking the diff.
 * The files end in `.md.snap` so formatters leave the exact bytes GitHub receives alone.
 */

const runUrl = 'https://github.com/octo/model/actions/runs/42';
const override = { by: 'octocat', reason: 'Known label noise in the new data; see #12 | @org/ml' };

const scenarios = {
  pass: () => ({ comparison: passing(), trend: PASS_TREND }),
  regression: () => ({ comparison: regression() }),
  'no-baseline': () => ({ comparison: noBaseline() }),
  override: () => ({ comparison: regression(), override }),
  'many-metrics': () => ({ comparison: manyMetrics() }),
  multiclass: () => ({ comparison: multiclassMany(), trend: PASS_TREND }),
  'within-noise': () => ({ comparison: withinNoise() }),
  'real-regression': () => ({ comparison: realRegression() }),
};

describe.each(Object.entries(scenarios))('%s', (name, make) => {
  it('renders the pull request comment', async () => {
    const body = renderPullRequestComment({ ...make(), runUrl, baseRef: 'main' });
    await expect(body).toMatchFileSnapshot(`./__snapshots__/comment-${name}.md.snap`);
  });

  it('renders the check run summary', async () => {
    const summary = renderCheckSummary({ ...make(), runUrl, baseRef: 'main' });
    await expect(summary).toMatchFileSnapshot(`./__snapshots__/check-${name}.md.snap`);
  });
});

describe('job summary', () => {
  it('renders the report with notices and without the marker', async () => {
    const summary = renderJobSummary({
      comparison: noBaseline(),
      notices: ['Could not post the comment: the token is read-only (a fork pull request).'],
    });
    expect(summary).not.toContain('<!-- modelgate:report -->');
    await expect(summary).toMatchFileSnapshot('./__snapshots__/job-summary-no-baseline.md.snap');
  });
});

describe('release notes', () => {
  const metrics = classificationRun({ accuracy: 0.9649, f1_macro: 0.9622, log_loss: 0.1101 });
  const previousMetrics = classificationRun({
    accuracy: 0.9561,
    f1_macro: 0.9521,
    log_loss: 0.1213,
  });
  const pullRequest = {
    number: 7,
    title: 'feat: wider hidden layers <script>alert(1)</script> | @everyone',
    url: 'https://github.com/octo/model/pull/7',
  };

  /** What the Action attaches: the run directory's files, flat. */
  const actionAssets = [
    'model.json',
    'weights.bin',
    'preprocessing.json',
    'metrics.json',
    'profile.json',
  ];

  it('renders the first release', async () => {
    const notes = renderReleaseNotes({
      tag: 'model-v0.1.0',
      metrics,
      previous: null,
      pullRequest,
      reason: 'first release',
      runUrl,
      assets: digests(actionAssets),
    });
    await expect(notes).toMatchFileSnapshot('./__snapshots__/release-first.md.snap');
    // GitHub draws an empty header row as a blank bar above the table.
    expect(notes).not.toMatch(/^\|(\s*\|)+$/m);
  });

  it('renders the change since the previous release', async () => {
    const notes = renderReleaseNotes({
      tag: 'model-v0.2.0',
      metrics,
      previous: { tag: 'model-v0.1.0', metrics: previousMetrics },
      pullRequest,
      reason: 'conventional-commit title (minor)',
      // The App's order: metrics and profile first, then the model's files.
      assets: digests([
        'metrics.json',
        'profile.json',
        'model.json',
        'weights.bin',
        'preprocessing.json',
      ]),
    });
    await expect(notes).toMatchFileSnapshot('./__snapshots__/release-change.md.snap');
  });

  it('renders a regression model from a push without a pull request', async () => {
    const notes = renderReleaseNotes({
      tag: 'model-v1.0.1',
      metrics: regressionRun({ mae: 42.2, mse: 3010.2, rmse: 54.8653, r2: 0.4412 }),
      previous: { tag: 'model-v1.0.0', metrics: previousMetrics },
      pullRequest: null,
      // A run without a profile attaches none, and the notes do not claim one.
      assets: digests(['model.json', 'weights.bin', 'metrics.json']),
    });
    await expect(notes).toMatchFileSnapshot('./__snapshots__/release-no-pr.md.snap');
  });

  it('renders a model another framework trained: its framework, its archive and sha256s', async () => {
    const scored = metrics;
    const notes = renderReleaseNotes({
      tag: 'model-v0.3.0',
      metrics: {
        ...scored,
        n_train: 0,
        data: { ...scored.data, path: 'out/predictions.csv' },
        model: { type: 'external', params: 0, bytes: 1832, backend: 'none' },
      },
      previous: null,
      pullRequest,
      reason: 'first release',
      framework: 'scikit-learn',
      assets: digests(['metrics.json', 'profile.json', 'model.tar.gz']),
    });
    expect(notes).toContain('| Framework | scikit-learn (trained outside modelgate) |');
    expect(notes).toContain(`| \`model.tar.gz\` | \`${sha256Hex('model.tar.gz')}\` |`);
    expect(notes).not.toContain('Architecture');
    await expect(notes).toMatchFileSnapshot('./__snapshots__/release-external.md.snap');
  });
});
