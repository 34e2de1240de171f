import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  driftIssueMarker,
  findOpenDriftIssues,
  syncDriftIssue,
} from '../../src/github/drift-issue.ts';
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

function sync(releaseTag: string, report: { dataset_drift: boolean }, body: string) {
  return syncDriftIssue({
    ...env.context,
    releaseTag,
    report,
    body,
    labels: ['drift', 'model-monitoring'],
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
