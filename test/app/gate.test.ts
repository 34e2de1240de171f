import { describe, expect, test } from 'vitest';
import {
  addPullRun,
  deliverPullRun,
  gateChecks,
  normalize,
  openPull,
  recordBaseline,
  sign,
  useHarness,
  stickyComments,
  writes,
} from './harness.ts';
import { metricsReport, reportArtifact } from './fixtures.ts';
import { workflowRunCompleted } from './payloads.ts';

/**
 * The gate of pull request runs, end to end: signed `workflow_run.completed` webhooks into the
 * real Probot server, the sandbox playing GitHub. Each test opens its own pull request.
 */

const h = useHarness({ baseline: 0.9 });

describe('pull request runs', () => {
  test('pass: one comment and a successful check with the same table', async () => {
    const pull = await openPull(h, 'pass');
    const run = await addPullRun(h, pull, metricsReport({ accuracy: 0.925 }));
    expect((await deliverPullRun(h, pull, run)).status).toBe(200);

    const [comment, ...others] = stickyComments(h, pull.number);
    expect(others).toEqual([]);
    expect(comment?.user).toBe('modelgate[bot]');
    const [check, ...moreChecks] = gateChecks(h, pull.headSha);
    expect(moreChecks).toEqual([]);
    expect(check).toMatchObject({ conclusion: 'success', title: 'Gate passed: 2 of 2 rules hold' });
    // The comment and the check show the same verdict table.
    const table = (text: string): string =>
      text
        .split('\n')
        .filter((line) => line.startsWith('| **'))
        .join('\n');
    expect(table(comment?.body ?? '')).not.toBe('');
    expect(table(comment?.body ?? '')).toBe(table(check?.summary ?? ''));
    expect(normalize(h, comment?.body ?? '')).toMatchSnapshot('pass comment');
    expect(normalize(h, check?.summary ?? '')).toMatchSnapshot('pass check summary');

    // The same delivery again (GitHub redelivers) writes nothing.
    const before = writes(h).length;
    expect((await deliverPullRun(h, pull, run)).status).toBe(200);
    expect(writes(h).slice(before)).toEqual([]);
  });

  test('regression: the check fails and names the broken rule', async () => {
    const pull = await openPull(h, 'regression');
    const run = await addPullRun(h, pull, metricsReport({ accuracy: 0.86 }));
    await deliverPullRun(h, pull, run);
    const [check] = gateChecks(h, pull.headSha);
    expect(check?.conclusion).toBe('failure');
    expect(check?.title).toMatch(/^Gate failed: accuracy/);
    const [comment] = stickyComments(h, pull.number);
    expect(comment?.body).toContain('❌');
    expect(normalize(h, comment?.body ?? '')).toMatchSnapshot('regression comment');
  });

  test('a new push updates the same comment and adds the commit to the trend', async () => {
    const pull = await openPull(h, 'trend');
    await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy: 0.88 })));
    const first = stickyComments(h, pull.number);
    const headSha = await h.sandbox.commit({
      repo: h.repo.fullName,
      branch: 'trend',
      files: { 'b.txt': 'b\n' },
      message: 'More data',
    });
    const moved = { ...pull, headSha };
    await deliverPullRun(h, moved, await addPullRun(h, moved, metricsReport({ accuracy: 0.91 })));
    const after = stickyComments(h, pull.number);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(first[0]?.id);
    expect(after[0]?.body).toContain('xychart-beta');
    expect(after[0]?.body).toContain('line [0.88, 0.91]');
    expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
    expect(gateChecks(h, headSha)[0]?.conclusion).toBe('success');
  });

  test('a late run of an older commit gets its check but leaves the comment on the new head', async () => {
    const pull = await openPull(h, 'late');
    const oldRun = await addPullRun(h, pull, metricsReport({ accuracy: 0.7 }));
    const headSha = await h.sandbox.commit({
      repo: h.repo.fullName,
      branch: 'late',
      files: { 'c.txt': 'c\n' },
      message: 'Fix',
    });
    const moved = { ...pull, headSha };
    await deliverPullRun(h, moved, await addPullRun(h, moved, metricsReport({ accuracy: 0.93 })));
    const before = stickyComments(h, pull.number)[0]?.body;
    await deliverPullRun(h, pull, oldRun);
    expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
    expect(stickyComments(h, pull.number)[0]?.body).toBe(before);
  });

  test('invalid artifact: a failing check that says which file and what was wrong', async () => {
    const pull = await openPull(h, 'invalid');
    const report = { ...metricsReport({ accuracy: 0.95 }), metrics: { accuracy: 'high' } };
    const run = await addPullRun(h, pull, null, {
      artifacts: { 'modelgate-report': { 'metrics.json': JSON.stringify(report) } },
    });
    await deliverPullRun(h, pull, run);
    const [check] = gateChecks(h, pull.headSha);
    expect(check?.conclusion).toBe('failure');
    expect(check?.title).toBe('Gate failed: the modelgate-report artifact is invalid');
    expect(check?.summary).toContain('metrics.json');
    expect(check?.summary).toContain('metrics.accuracy');
    expect(stickyComments(h, pull.number)[0]?.body).toContain('metrics.accuracy');
    expect(normalize(h, stickyComments(h, pull.number)[0]?.body ?? '')).toMatchSnapshot(
      'invalid artifact comment',
    );
  });

  test('a failed training run fails the gate and says so; a failed lint run does not', async () => {
    const pull = await openPull(h, 'crashed');
    const run = await addPullRun(h, pull, null, { conclusion: 'failure' });
    await deliverPullRun(h, pull, run);
    const [check] = gateChecks(h, pull.headSha);
    expect(check).toMatchObject({
      conclusion: 'failure',
      title: 'Gate failed: the training run did not succeed',
    });
    expect(check?.summary).toContain('ended with `failure`');

    // A failed run of a workflow that does not train with modelgate (here: lint) is not ours.
    const lint = await openPull(h, 'lint-failed');
    const lintRun = await h.sandbox.addWorkflowRun({
      repo: h.repo.fullName,
      headSha: lint.headSha,
      headBranch: lint.headRef,
      event: 'pull_request',
      conclusion: 'failure',
      pullRequests: [lint.number],
      name: 'lint',
      path: '.github/workflows/lint.yml',
    });
    const before = writes(h).length;
    await deliverPullRun(h, lint, lintRun);
    expect(gateChecks(h, lint.headSha)).toEqual([]);
    expect(writes(h).slice(before)).toEqual([]);
  });

  test('a successful run of another workflow is not modelgate’s and is ignored', async () => {
    const pull = await openPull(h, 'lint-only');
    const run = await addPullRun(h, pull, null, {
      artifacts: { coverage: { 'lcov.info': 'TN:\n' } },
      path: '.github/workflows/lint.yml',
    });
    const before = h.sandbox.requests.length;
    expect((await deliverPullRun(h, pull, run)).status).toBe(200);
    expect(gateChecks(h, pull.headSha)).toEqual([]);
    expect(stickyComments(h, pull.number)).toEqual([]);
    expect(
      h.sandbox.requests
        .slice(before)
        .filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/repos/')),
    ).toEqual([]);
  });

  test('a successful training run without the artifact fails the gate: it has no report', async () => {
    const pull = await openPull(h, 'no-report');
    await deliverPullRun(h, pull, await addPullRun(h, pull, null));
    const [check] = gateChecks(h, pull.headSha);
    expect(check?.conclusion).toBe('failure');
    expect(check?.summary).toContain('did not upload the `modelgate-report` artifact');
  });

  test('fork pull request: found by its head although the run lists no pull request', async () => {
    const pull = await openPull(h, 'from-fork', { fromFork: 'outside-contributor' });
    expect(pull.headRepo).toBe('outside-contributor/churn-model');
    const run = await addPullRun(h, pull, metricsReport({ accuracy: 0.91 }));
    await deliverPullRun(h, pull, run);
    expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
    expect(stickyComments(h, pull.number)).toHaveLength(1);
  });

  test('a 60 MiB profile.json in the artifact is not read on a pull request: only metrics.json is', async () => {
    const pull = await openPull(h, 'big-profile');
    const report = metricsReport({ accuracy: 0.92 });
    const files = reportArtifact({
      ...report,
      git: { sha: pull.headSha, ref: 'refs/pull/1/merge' },
    });
    // Broken JSON too: were it parsed, the gate would report a rejected artifact instead.
    files['profile.json'] = `{${' '.repeat(60 * 1024 * 1024)}`;
    const run = await addPullRun(h, pull, null, { artifacts: { 'modelgate-report': files } });
    await deliverPullRun(h, pull, run);
    expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  });

  test('bad signature: rejected with 400, nothing read or written', async () => {
    const pull = await openPull(h, 'forged');
    const run = await addPullRun(h, pull, metricsReport({ accuracy: 0.99 }));
    const payload = workflowRunCompleted(h.target, { run, pulls: [pull] });
    const before = h.sandbox.requests.length;
    const delivery = await h.deliver('workflow_run', payload, {
      signature: `sha256=${'0'.repeat(64)}`,
    });
    expect(delivery.status).toBe(400);
    // Signed with another secret, and not signed at all: the same answer.
    const body = JSON.stringify(payload);
    const other = await h.deliver('workflow_run', payload, {
      signature: sign('not-the-secret', body),
    });
    expect(other.status).toBe(400);
    const unsigned = await fetch(h.app.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-github-delivery': 'unsigned-1',
      },
      body,
    });
    expect(unsigned.status).toBe(400);
    expect(h.sandbox.requests.slice(before)).toEqual([]);
    expect(gateChecks(h, pull.headSha)).toEqual([]);
  });
});

describe('config', () => {
  const broken = useHarness({
    repoName: 'broken-config',
    config: 'data: { path: data/train.csv }\ngate:\n  - { metric: accuracy, max_dorp: 0.01 }\n',
  });

  test('an invalid config on the default branch is a failing check with the message', async () => {
    const pull = await openPull(broken, 'any');
    await deliverPullRun(
      broken,
      pull,
      await addPullRun(broken, pull, metricsReport({ accuracy: 0.95 })),
    );
    const [check] = gateChecks(broken, pull.headSha);
    expect(check).toMatchObject({
      conclusion: 'failure',
      title: 'Gate failed: the modelgate config on the default branch is invalid',
    });
    expect(check?.summary).toContain('max_dorp');
    expect(stickyComments(broken, pull.number)[0]?.body).toContain(
      "```text\n.github/modelgate.yml@main: unknown key 'max_dorp' in gate[0]",
    );
  });

  test("the pull request's own copy of the config is never read", async () => {
    await broken.sandbox.commit({
      repo: broken.repo.fullName,
      branch: 'loosen',
      files: { '.github/modelgate.yml': 'data: { path: data/train.csv }\n' },
      message: 'Loosen the gate',
    });
    const pull = await broken.sandbox.openPullRequest({
      repo: broken.repo.fullName,
      head: 'loosen',
      title: 'Loosen',
    });
    await deliverPullRun(
      broken,
      pull,
      await addPullRun(broken, pull, metricsReport({ accuracy: 0.95 })),
    );
    expect(gateChecks(broken, pull.headSha)[0]?.conclusion).toBe('failure');
  });
});

describe('no baseline', () => {
  const fresh = useHarness({ repoName: 'fresh-model' });

  test('only absolute rules apply, and the comment says so plainly', async () => {
    const pull = await openPull(fresh, 'first');
    await deliverPullRun(
      fresh,
      pull,
      await addPullRun(fresh, pull, metricsReport({ accuracy: 0.85 })),
    );
    const [check] = gateChecks(fresh, pull.headSha);
    expect(check).toMatchObject({
      conclusion: 'success',
      title: 'Gate passed without a baseline: 1 absolute rule holds',
    });
    const [comment] = stickyComments(fresh, pull.number);
    expect(comment?.body).toContain('**No baseline**');
    expect(normalize(fresh, comment?.body ?? '')).toMatchSnapshot('no-baseline comment');

    // The first default-branch run records the baseline (the App creates the history branch);
    // the pull request's next delivery is compared with it.
    const { sha } = await recordBaseline(fresh, 0.84);
    const record = await fresh.sandbox.readFile(
      fresh.repo.fullName,
      `history/${sha}.json`,
      'refs/heads/modelgate-history',
    );
    expect(JSON.parse(record ?? '{}')).toMatchObject({ metrics: { accuracy: 0.84 } });
    const run = fresh.sandbox
      .records(fresh.repo.fullName)
      .workflowRuns.find((candidate) => candidate.headSha === pull.headSha);
    if (run === undefined) throw new Error('run not found');
    await deliverPullRun(fresh, pull, run);
    expect(gateChecks(fresh, pull.headSha)).toMatchObject([
      { conclusion: 'success', title: 'Gate passed: 2 of 2 rules hold' },
    ]);
    expect(stickyComments(fresh, pull.number)[0]?.body).not.toContain('**No baseline**');
  });
});

test('the artifact fixture is what the Action uploads', () => {
  expect(Object.keys(reportArtifact(metricsReport({ accuracy: 0.9 })))).toContain('metrics.json');
});

describe('no config on the default branch yet', () => {
  const bare = useHarness({ repoName: 'adopting-model', config: null });

  test('the pull request that adds modelgate is not blocked, and the comment says why', async () => {
    const pull = await openPull(bare, 'adopt');
    await deliverPullRun(
      bare,
      pull,
      await addPullRun(bare, pull, metricsReport({ accuracy: 0.5 })),
    );
    expect(gateChecks(bare, pull.headSha)[0]).toMatchObject({
      conclusion: 'success',
      title: 'No gate rules configured',
    });
    expect(stickyComments(bare, pull.number)[0]?.body).toContain(
      'No `.github/modelgate.yml` on `main` yet, so no gate rules apply.',
    );
  });
});
