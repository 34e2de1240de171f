import { expect, test } from 'vitest';
import {
  addPullRun,
  commentsOn,
  deliverPullRun,
  gateChecks,
  normalize,
  openPull,
  useHarness,
  stickyComments,
  writes,
} from './harness.ts';
import { metricsReport } from './fixtures.ts';
import { checkRunRerequested, issueCommentCreated, pullRequestEdited } from './payloads.ts';

/** `/modelgate override`, `/modelgate rerun` and "Re-run" on the check, through real webhooks. */

const h = useHarness({
  baseline: 0.9,
  setup: ({ sandbox, repo }) => {
    // Users who comment exist on GitHub; the sandbox creates accounts on first use.
    sandbox.account('maintainer-mia');
    sandbox.account('reader-rob');
    sandbox.repoRecord(repo.fullName).collaborators.set('maintainer-mia', 'maintain');
    sandbox.repoRecord(repo.fullName).collaborators.set('reader-rob', 'read');
  },
});

async function failingPull(branch: string) {
  const pull = await openPull(h, branch);
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy: 0.85 })));
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
  return pull;
}

test('override by a user with write access passes the gate and is recorded in the comment', async () => {
  const pull = await failingPull('override-writer');
  const reason = 'The test split changed; <b>@octo-org/ml</b> reviewed the drop';
  const override = issueCommentCreated(h.target, {
    number: pull.number,
    login: 'maintainer-mia',
    body: `/modelgate override ${reason}`,
  });
  const delivery = await h.deliver('issue_comment', override);
  expect(delivery.status).toBe(200);
  // The same comment delivered again writes nothing.
  const written = writes(h).length;
  await h.deliver('issue_comment', override);
  expect(writes(h).slice(written)).toEqual([]);
  const checks = gateChecks(h, pull.headSha);
  expect(checks).toHaveLength(1);
  expect(checks[0]).toMatchObject({
    conclusion: 'success',
    title: 'Gate overridden by maintainer-mia: 1 failing rule accepted',
  });
  const comments = stickyComments(h, pull.number);
  expect(comments).toHaveLength(1);
  const body = comments[0]?.body ?? '';
  expect(body).toContain('**Override** by @maintainer-mia');
  // The reason is escaped: no HTML, no team mention.
  expect(body).not.toContain('<b>');
  expect(body).not.toContain('@octo-org/ml');
  expect(normalize(h, body)).toMatchSnapshot('overridden comment');

  // The override belongs to the commit: a redelivered run keeps it, a new push does not.
  const run = h.sandbox
    .records(h.repo.fullName)
    .workflowRuns.find((candidate) => candidate.headSha === pull.headSha);
  if (run === undefined) throw new Error('run not found');
  await deliverPullRun(h, pull, run);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  const headSha = await h.sandbox.commit({
    repo: h.repo.fullName,
    branch: 'override-writer',
    files: { 'x.txt': 'x\n' },
    message: 'More',
  });
  const moved = { ...pull, headSha };
  await deliverPullRun(h, moved, await addPullRun(h, moved, metricsReport({ accuracy: 0.85 })));
  expect(gateChecks(h, headSha)[0]?.conclusion).toBe('failure');
  expect(stickyComments(h, pull.number)[0]?.body).not.toContain('**Override**');
});

test('override by a reader is refused politely and changes nothing', async () => {
  const pull = await failingPull('override-reader');
  const before = gateChecks(h, pull.headSha);
  const refused = issueCommentCreated(h.target, {
    number: pull.number,
    login: 'reader-rob',
    body: '/modelgate override ship it',
  });
  await h.deliver('issue_comment', refused);
  // Redelivered: the refusal is not posted twice.
  await h.deliver('issue_comment', refused);
  expect(gateChecks(h, pull.headSha)).toEqual(before);
  const replies = commentsOn(h, pull.number).filter(
    (comment) => !comment.body.startsWith('<!-- modelgate:report -->'),
  );
  expect(replies).toHaveLength(1);
  expect(replies[0]?.user).toBe('modelgate[bot]');
  expect(replies[0]?.body).toMatch(
    /^@reader-rob Thanks .* only people with write access to octo-org\/churn-model can override/,
  );
});

test('a malformed command gets a reply that says what was expected; bots and plain comments are ignored', async () => {
  const pull = await failingPull('malformed');
  const count = (): number => commentsOn(h, pull.number).length;
  const start = count();
  await h.deliver(
    'issue_comment',
    issueCommentCreated(h.target, {
      number: pull.number,
      login: 'maintainer-mia',
      body: '/modelgate override',
    }),
  );
  expect(commentsOn(h, pull.number).at(-1)?.body).toContain('An override needs a reason');
  await h.deliver(
    'issue_comment',
    issueCommentCreated(h.target, {
      number: pull.number,
      login: 'maintainer-mia',
      body: 'Looks good to me',
    }),
  );
  await h.deliver(
    'issue_comment',
    issueCommentCreated(h.target, {
      number: pull.number,
      login: 'other-app[bot]',
      userType: 'Bot',
      body: '/modelgate override x',
    }),
  );
  expect(count()).toBe(start + 1);
});

test('/modelgate rerun recomputes with the config and baseline of now', async () => {
  const pull = await failingPull('rerun');
  // The maintainers relax the rule on the default branch; a rerun picks it up without a push.
  await h.sandbox.commit({
    repo: h.repo.fullName,
    branch: h.repo.defaultBranch,
    files: {
      '.github/modelgate.yml':
        'data: { path: data/train.csv }\ngate:\n  - { metric: accuracy, max_drop: 0.1 }\n',
    },
    message: 'Relax the gate',
  });
  await h.deliver(
    'issue_comment',
    issueCommentCreated(h.target, {
      number: pull.number,
      login: 'reader-rob',
      body: '/modelgate rerun',
    }),
  );
  expect(gateChecks(h, pull.headSha)).toHaveLength(1);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  expect(stickyComments(h, pull.number)).toHaveLength(1);

  // "Re-run" on the check does the same; put the strict rule back first.
  await h.sandbox.commit({
    repo: h.repo.fullName,
    branch: h.repo.defaultBranch,
    files: {
      '.github/modelgate.yml':
        'data: { path: data/train.csv }\ngate:\n  - { metric: accuracy, max_drop: 0.01 }\n',
    },
    message: 'Tighten the gate again',
  });
  const check = h.sandbox
    .records(h.repo.fullName)
    .checkRuns.find((candidate) => candidate.headSha === pull.headSha);
  if (check === undefined) throw new Error('check not found');
  const delivery = await h.deliver(
    'check_run',
    checkRunRerequested(h.target, { check, appId: h.sandbox.app.id, pulls: [pull] }),
  );
  expect(delivery.status).toBe(200);
  expect(gateChecks(h, pull.headSha)).toHaveLength(1);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('failure');
});

test('retargeting a pull request to another base re-gates it; a title edit does nothing', async () => {
  const pull = await failingPull('retarget');
  const before = h.sandbox.requests.length;
  await h.deliver(
    'pull_request',
    pullRequestEdited(h.target, { pull, changes: { title: { from: 'Old title' } } }),
  );
  expect(h.sandbox.requests.slice(before)).toEqual([]);

  await h.sandbox.commit({
    repo: h.repo.fullName,
    branch: h.repo.defaultBranch,
    files: {
      '.github/modelgate.yml':
        'data: { path: data/train.csv }\ngate:\n  - { metric: accuracy, min: 0.5 }\n',
    },
    message: 'Only an absolute floor',
  });
  await h.deliver(
    'pull_request',
    pullRequestEdited(h.target, {
      pull,
      changes: { base: { ref: { from: 'release-1' }, sha: { from: pull.baseSha } } },
    }),
  );
  expect(gateChecks(h, pull.headSha)).toHaveLength(1);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
});
