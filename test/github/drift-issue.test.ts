import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  driftIssueMarker,
  findOpenDriftIssues,
  syncDriftIssue,
} from '../../src/github/drift-issue.ts';
import { driftRunMarker, type DriftRun } from '../../src/github/drift-runs.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
beforeAll(async () => {
  env = await sandboxRepo();
});
afterAll(async () => {
  await env.sandbox.close();
});

const drifted = { dataset_drift: true };
const clean = { dataset_drift: false };

function sync(
  releaseTag: string,
  report: { dataset_drift: boolean },
  body: string,
  run?: DriftRun,
) {
  return syncDriftIssue({
    ...env.context,
    releaseTag,
    report,
    body,
    labels: ['drift', 'model-monitoring'],
    ...(run === undefined ? {} : { run }),
  });
}

async function issueComments(number: number): Promise<string[]> {
  const { data } = await env.octokit.rest.issues.listComments({
    ...env.context,
    issue_number: number,
  });
  return data.map((comment) => comment.body ?? '');
}

describe('syncDriftIssue', () => {
  it('opens on drift, comments on more drift, comments and closes when clean', async () => {
    const opened = await sync(
      'model-v1.0.0',
      drifted,
      '| feature | test | score |\n| x | ks | 0.001 |',
    );
    expect(opened.action).toBe('opened');
    const number = opened.issue?.number ?? 0;
    const { data: issue } = await env.octokit.rest.issues.get({
      ...env.context,
      issue_number: number,
    });
    expect(issue.title).toBe('Data drift detected for model model-v1.0.0');
    expect(issue.body).toContain(driftIssueMarker('model-v1.0.0'));
    expect(issue.labels.map((l) => (typeof l === 'string' ? l : l.name)).sort()).toEqual([
      'drift',
      'model-monitoring',
    ]);
    const { data: labels } = await env.octokit.rest.issues.listLabelsForRepo(env.context);
    expect(labels.find((l) => l.name === 'model-monitoring')).toMatchObject({
      description: 'Opened by modelgate',
    });

    const commented = await sync('model-v1.0.0', drifted, 'still drifting');
    expect(commented).toEqual({ action: 'commented', issue: opened.issue });
    expect(await issueComments(number)).toEqual(['still drifting']);

    const closed = await sync('model-v1.0.0', clean, 'all clear table');
    expect(closed.action).toBe('closed');
    const { data: after } = await env.octokit.rest.issues.get({
      ...env.context,
      issue_number: number,
    });
    expect(after.state).toBe('closed');
    expect((await issueComments(number))[1]).toBe(
      'No data drift in the latest check of model-v1.0.0; closing.\n\nall clear table',
    );

    expect(await sync('model-v1.0.0', clean, 'clean again')).toEqual({
      action: 'none',
      issue: null,
    });

    // Drift coming back reopens the release's one issue rather than opening another.
    const reopened = await sync('model-v1.0.0', drifted, 'drifting again');
    expect(reopened).toEqual({ action: 'reopened', issue: { ...opened.issue, state: 'open' } });
    const { data: again } = await env.octokit.rest.issues.get({
      ...env.context,
      issue_number: number,
    });
    expect(again.state).toBe('open');
    expect((await issueComments(number)).at(-1)).toBe(
      'Data drift is back for model-v1.0.0; reopening.\n\ndrifting again',
    );
    expect(await findOpenDriftIssues({ ...env.context, releaseTag: 'model-v1.0.0' })).toEqual([
      { ...opened.issue, state: 'open' },
    ]);
  });

  it('reopens an issue closed by hand when drift is reported again', async () => {
    const opened = await sync('model-v1.5.0', drifted, 'drift');
    const number = opened.issue?.number ?? 0;
    await env.octokit.rest.issues.update({ ...env.context, issue_number: number, state: 'closed' });
    const reopened = await sync('model-v1.5.0', drifted, 'still drifting');
    expect(reopened.action).toBe('reopened');
    expect(reopened.issue?.number).toBe(number);
    expect(await findOpenDriftIssues({ ...env.context, releaseTag: 'model-v1.5.0' })).toHaveLength(
      1,
    );
  });

  it('keeps releases apart: the issue of one release is not the issue of another', async () => {
    const a = await sync('model-v2.0.0', drifted, 'a');
    const b = await sync('model-v2.0.0-rc.1', drifted, 'b');
    expect(a.action).toBe('opened');
    expect(b.action).toBe('opened');
    expect(b.issue?.number).not.toBe(a.issue?.number);
  });

  it('never leaves two open issues for one release when monitoring runs race', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => sync('model-v3.0.0', drifted, `run ${n}`)),
    );
    const open = await findOpenDriftIssues({ ...env.context, releaseTag: 'model-v3.0.0' });
    expect(open).toHaveLength(1);
    expect(new Set(results.map((r) => r.issue?.number))).toEqual(new Set([open[0]?.number]));
  });

  it('ignores a pull request whose body quotes the marker', async () => {
    await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'quote',
      files: { 'q.txt': 'q' },
      message: 'q',
    });
    const pull = await env.sandbox.openPullRequest({
      repo: env.repo.fullName,
      head: 'quote',
      title: 'quote',
      body: `see ${driftIssueMarker('model-v4.0.0')}`,
    });
    const result = await sync('model-v4.0.0', drifted, 'drift');
    expect(result.action).toBe('opened');
    expect(result.issue?.number).not.toBe(pull.number);
  });
});

describe('syncDriftIssue with a run: the Action and the App both report a monitoring run', () => {
  // The Action reports while the run is going (when its token can write issues), the App when
  // the run has completed; either may be the only one, or the second.
  it.each([
    ['the Action first', 'action', 'app'],
    ['the App first', 'app', 'action'],
  ])('%s: one issue, and one body or comment per run', async (_order, first, second) => {
    const tag = `model-v5.0.0-${first}`;
    const run1 = { id: 501, attempt: 1 };
    const opened = await sync(tag, drifted, `${first} 501`, run1);
    expect(opened.action).toBe('opened');
    const number = opened.issue?.number ?? 0;
    expect(await sync(tag, drifted, `${second} 501`, run1)).toEqual({
      action: 'none',
      issue: opened.issue,
      reported: run1,
    });

    const run2 = { id: 502, attempt: 1 };
    expect((await sync(tag, drifted, `${first} 502`, run2)).action).toBe('commented');
    expect((await sync(tag, drifted, `${second} 502`, run2)).action).toBe('none');

    const run3 = { id: 503, attempt: 1 };
    expect((await sync(tag, clean, `${first} 503`, run3)).action).toBe('closed');
    expect((await sync(tag, clean, `${second} 503`, run3)).action).toBe('none');

    const { data: issue } = await env.octokit.rest.issues.get({
      ...env.context,
      issue_number: number,
    });
    expect(issue.state).toBe('closed');
    expect(issue.body).toContain(driftRunMarker(run1));
    expect(issue.body).toContain(`${first} 501`);
    expect(issue.body).not.toContain(`${second} 501`);
    const comments = await issueComments(number);
    expect(comments).toHaveLength(2);
    expect(comments[0]).toBe(`${driftRunMarker(run2)}\n${first} 502`);
    expect(comments[1]).toBe(
      `${driftRunMarker(run3)}\nNo data drift in the latest check of ${tag}; closing.\n\n${first} 503`,
    );
    const open = await findOpenDriftIssues({ ...env.context, releaseTag: tag });
    expect(open).toEqual([]);

    // A newer run that finds drift again reopens the same issue, once.
    const run4 = { id: 504, attempt: 1 };
    expect(await sync(tag, drifted, `${second} 504`, run4)).toEqual({
      action: 'reopened',
      issue: { ...opened.issue, state: 'open' },
    });
    expect((await sync(tag, drifted, `${first} 504`, run4)).action).toBe('none');
    expect(await issueComments(number)).toHaveLength(3);
  });

  it('skips a run older than one already reported, even after the issue was closed', async () => {
    const tag = 'model-v6.0.0';
    const opened = await sync(tag, drifted, 'drift 601', { id: 601, attempt: 1 });
    await sync(tag, clean, 'clean 602', { id: 602, attempt: 1 });
    // The drift of 601 delivered late must not reopen what the newer clean run closed.
    const late = await sync(tag, drifted, 'drift 601 again', { id: 601, attempt: 1 });
    expect(late).toEqual({
      action: 'none',
      issue: { ...opened.issue, state: 'closed' },
      reported: { id: 602, attempt: 1 },
    });
    expect(await findOpenDriftIssues({ ...env.context, releaseTag: tag })).toEqual([]);
  });

  it('reports a re-run of the workflow (same run, next attempt): it checked the data again', async () => {
    const tag = 'model-v7.0.0';
    const opened = await sync(tag, drifted, 'attempt 1', { id: 701, attempt: 1 });
    const rerun = await sync(tag, drifted, 'attempt 2', { id: 701, attempt: 2 });
    expect(rerun).toEqual({ action: 'commented', issue: opened.issue });
    expect(await issueComments(opened.issue?.number ?? 0)).toEqual([
      `${driftRunMarker({ id: 701, attempt: 2 })}\nattempt 2`,
    ]);
  });
});
