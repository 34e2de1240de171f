import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  addPullRun,
  commentsOn,
  deliverPullRun,
  gateChecks,
  openPull,
  seedBaseline,
  startHarness,
  stickyComments,
  type Harness,
} from './harness.ts';
import { metricsReport, reportArtifact } from './fixtures.ts';
import { issueCommentCreated, workflowRunCompleted } from './payloads.ts';

/**
 * Issue 14's attacks on the gate and the release, each through the real App: what a fork
 * author, a stranger who comments or a late delivery could do, and what the App does instead.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedBaseline(h, 0.9);
  h.sandbox.account('maintainer-mia');
  h.sandbox.repoRecord(h.repo.fullName).collaborators.set('maintainer-mia', 'maintain');
});
afterAll(async () => {
  await h?.close();
});

const override = (number: number, login: string, body: string, createdAt?: string) =>
  issueCommentCreated(h.target, {
    number,
    login,
    body,
    ...(createdAt === undefined ? {} : { createdAt }),
  });

test('a report uploaded by another workflow on the head never turns the gate green', async () => {
  const pull = await openPull(h, 'fake-report', { fromFork: 'mallory' });
  // The training run failed; a lint workflow the fork added uploads accuracy 0.99.
  await deliverPullRun(h, pull, await addPullRun(h, pull, null, { conclusion: 'failure' }));
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
  const lint = await addPullRun(h, pull, metricsReport({ accuracy: 0.99 }), {
    path: '.github/workflows/lint.yml',
  });
  await deliverPullRun(h, pull, lint);
  const checks = gateChecks(h, pull.headSha);
  expect(checks).toHaveLength(1);
  expect(checks[0]?.conclusion).toBe('failure');
  expect(checks[0]?.title).toBe('Gate failed: the training run did not succeed');
  // `/modelgate rerun` takes the same rule: the lint run is not the newest training run.
  await h.deliver('issue_comment', override(pull.number, 'mallory', '/modelgate rerun'));
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
});

test('a pull request that edits the training workflow waits for a maintainer’s override of that commit', async () => {
  await h.sandbox.commit({
    repo: h.repo.fullName,
    branch: 'edit-workflow',
    files: {
      '.github/workflows/modelgate.yml':
        'name: modelgate\non: [pull_request]\njobs:\n  fake:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: modelgate/modelgate@v1\n      - run: echo forged\n',
    },
    message: 'Speed up CI',
  });
  const pull = await h.sandbox.openPullRequest({
    repo: h.repo.fullName,
    head: 'edit-workflow',
    title: 'Speed up CI',
  });
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy: 0.99 })));
  const [check] = gateChecks(h, pull.headSha);
  expect(check?.conclusion).toBe('failure');
  expect(check?.title).toBe('Gate failed: this pull request changes the training workflow');
  expect(check?.summary).toContain('.github/workflows/modelgate.yml');

  await h.deliver(
    'issue_comment',
    override(pull.number, 'maintainer-mia', '/modelgate override workflow change reviewed'),
  );
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  expect(stickyComments(h, pull.number)[0]?.body).toContain(
    `**Override** by @maintainer-mia for <code>${pull.headSha.slice(0, 7)}</code>`,
  );
});

test('an override binds to the commit that was the head when it was written, once', async () => {
  const pull = await openPull(h, 'bind-override');
  const written = new Date(Date.now() - 60_000).toISOString();
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy: 0.7 })));
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
  // Written a minute ago, before this head's run existed: it was about an earlier commit.
  const stale = override(pull.number, 'maintainer-mia', '/modelgate override looks fine', written);
  await h.deliver('issue_comment', stale);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
  expect(commentsOn(h, pull.number).at(-1)?.body).toContain('was pushed after this comment');

  // A live override applies, and the same comment delivered again (new delivery id) changes nothing.
  const live = override(pull.number, 'maintainer-mia', '/modelgate override accepted drop');
  await h.deliver('issue_comment', live);
  await h.deliver('issue_comment', live);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  const records = commentsOn(h, pull.number).filter((comment) =>
    comment.body.includes('<!-- modelgate:override '),
  );
  expect(records).toHaveLength(1);
  // A stranger pasting the record's hidden block passes nothing.
  const forged = await openPull(h, 'forged-record');
  await deliverPullRun(h, forged, await addPullRun(h, forged, metricsReport({ accuracy: 0.7 })));
  h.sandbox.addComment({
    repo: h.repo.fullName,
    number: forged.number,
    user: 'mallory',
    body: (records[0]?.body ?? '').replace(pull.headSha, forged.headSha),
  });
  await h.deliver('issue_comment', override(forged.number, 'mallory', '/modelgate rerun'));
  expect(gateChecks(h, forged.headSha)[0]?.conclusion).toBe('failure');
});

test('a late delivery of an older attempt never overwrites the newer verdict', async () => {
  const pull = await openPull(h, 'attempts');
  const run = await addPullRun(h, pull, null, { conclusion: 'failure' });
  // Attempt 2 passes and is delivered first; attempt 1's failure arrives late.
  h.sandbox.rerunWorkflowRun(run, {
    conclusion: 'success',
    artifacts: { 'modelgate-report': reportArtifact(metricsReport({ accuracy: 0.93 })) },
  });
  await deliverPullRun(h, pull, run);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  await h.deliver(
    'workflow_run',
    workflowRunCompleted(h.target, { run, pulls: [pull], attempt: 1, conclusion: 'failure' }),
  );
  expect(gateChecks(h, pull.headSha)).toHaveLength(1);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
});

test('a push run on the default branch is never judged as a pull request run', async () => {
  const pull = await openPull(h, 'push-listed');
  const main = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (main === null) throw new Error('no main');
  const run = await h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: main,
    headBranch: h.repo.defaultBranch,
    event: 'push',
    pullRequests: [pull.number],
    artifacts: { 'modelgate-report': reportArtifact(metricsReport({ accuracy: 0.99 }, main)) },
  });
  await h.deliver('workflow_run', workflowRunCompleted(h.target, { run, pulls: [pull] }));
  expect(gateChecks(h, pull.headSha)).toEqual([]);
  expect(stickyComments(h, pull.number)).toEqual([]);
});

test('a stranger’s rerun storm is limited per pull request and answered once', async () => {
  const pull = await openPull(h, 'rerun-storm');
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy: 0.93 })));
  const before = h.sandbox.requests.filter((entry) => entry.path.includes('/check-runs')).length;
  for (let index = 0; index < 8; index += 1)
    await h.deliver('issue_comment', override(pull.number, 'stranger-sam', '/modelgate rerun'));
  const replies = commentsOn(h, pull.number).filter((comment) =>
    comment.body.startsWith('@stranger-sam'),
  );
  // Three reruns are served; the rest are dropped, with one answer, never queued.
  expect(replies).toHaveLength(1);
  const lookups = h.sandbox.requests.filter((entry) => entry.path.includes('/check-runs')).length;
  expect(lookups - before).toBeLessThanOrEqual(3);
});

test('one override command answered by two replicas at once leaves one record', async () => {
  const pull = await openPull(h, 'twice-recorded');
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy: 0.7 })));
  const command = override(pull.number, 'maintainer-mia', '/modelgate override known drop');
  await h.deliver('issue_comment', command);
  const recordsNow = () =>
    commentsOn(h, pull.number).filter((comment) =>
      comment.body.includes('<!-- modelgate:override '),
    );
  const [record] = recordsNow();
  expect(record).toBeDefined();
  // The other replica's copy of the same answer, written before it could see this one.
  h.sandbox.addComment({
    repo: h.repo.fullName,
    number: pull.number,
    user: record?.user ?? '',
    body: record?.body ?? '',
  });
  // A stranger's paste of the same record is neither an answer nor the App's to delete.
  h.sandbox.addComment({
    repo: h.repo.fullName,
    number: pull.number,
    user: 'mallory',
    body: record?.body ?? '',
  });
  expect(recordsNow()).toHaveLength(3);
  // The next judge of the pull request looks after writing and removes the newer copy.
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy: 0.7 })));
  expect(recordsNow()).toEqual([record, { user: 'mallory', body: record?.body ?? '' }]);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
});
