import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_RUN_NAME } from '../../src/core/constants.ts';
import {
  CHECK_OUTPUT_LIMIT,
  findGateCheck,
  publishGateCheck,
} from '../../src/github/gate-check.ts';
import { SUPERSEDED_TITLE } from '../../src/github/gate-check-convergence.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
let headSha: string;
beforeAll(async () => {
  env = await sandboxRepo();
  headSha = await env.sandbox.commit({
    repo: env.repo.fullName,
    branch: 'pr',
    files: { 'a.txt': '1' },
    message: 'a',
  });
});
afterAll(async () => {
  await env.sandbox.close();
});

async function gateRuns(sha: string) {
  const { data } = await env.octokit.rest.checks.listForRef({
    ...env.context,
    ref: sha,
    check_name: CHECK_RUN_NAME,
  });
  return data.check_runs;
}

describe('publishGateCheck', () => {
  it('creates the completed gate, then updates the same run for the same commit', async () => {
    const first = await publishGateCheck({
      ...env.context,
      headSha,
      conclusion: 'failure',
      title: 'accuracy dropped 2.1 points',
      summary: '| metric | base | PR |',
    });
    expect(first.action).toBe('created');
    const second = await publishGateCheck({
      ...env.context,
      headSha,
      conclusion: 'success',
      title: 'Overridden by @maintainer',
      summary: '| metric | base | PR |\n\nOverride: data fix',
    });
    expect(second).toMatchObject({ id: first.id, action: 'updated' });

    const runs = await gateRuns(headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      name: CHECK_RUN_NAME,
      head_sha: headSha,
      status: 'completed',
      conclusion: 'success',
      output: {
        title: 'Overridden by @maintainer',
        summary: '| metric | base | PR |\n\nOverride: data fix',
      },
    });
    expect((await findGateCheck({ ...env.context, headSha }))?.id).toBe(first.id);
  });

  it('keeps one gate per head commit: a new commit gets its own', async () => {
    const next = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'pr',
      files: { 'a.txt': '2' },
      message: 'b',
    });
    const result = await publishGateCheck({
      ...env.context,
      headSha: next,
      conclusion: 'success',
      title: 'ok',
      summary: 'ok',
    });
    expect(result.action).toBe('created');
    expect(await gateRuns(next)).toHaveLength(1);
    expect(await gateRuns(headSha)).toHaveLength(1);
  });

  it("truncates a summary longer than GitHub's limit instead of failing", async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'big',
      files: { 'b.txt': '1' },
      message: 'c',
    });
    await publishGateCheck({
      ...env.context,
      headSha: sha,
      conclusion: 'success',
      title: 't',
      summary: 'y'.repeat(70_000),
    });
    const summary = (await gateRuns(sha))[0]?.output.summary ?? '';
    expect(summary.length).toBeLessThanOrEqual(CHECK_OUTPUT_LIMIT);
    expect(summary).toMatch(/truncated: \d+ more characters/);
  });
});

describe('two writers creating the gate of one commit at once', () => {
  it('converge on the newest check; the older one is marked superseded', async () => {
    const sha = await env.sandbox.commit({
      repo: env.repo.fullName,
      branch: 'race',
      files: { 'race.txt': '1' },
      message: 'race',
    });
    const publish = (title: string) =>
      publishGateCheck({
        ...env.context,
        headSha: sha,
        conclusion: 'success',
        title,
        summary: 's',
        existing: null,
      });
    await Promise.all([publish('one'), publish('two')]);
    const { data } = await env.octokit.rest.checks.listForRef({
      ...env.context,
      ref: sha,
      check_name: CHECK_RUN_NAME,
      filter: 'all',
    });
    const runs = data.check_runs;
    expect(runs).toHaveLength(2);
    const newest = Math.max(...runs.map((run) => run.id));
    const older = runs.filter((run) => run.id !== newest);
    expect(older.map((run) => [run.conclusion, run.output.title])).toEqual([
      ['neutral', SUPERSEDED_TITLE],
    ]);
    expect(runs.find((run) => run.id === newest)?.conclusion).toBe('success');
  });
});
