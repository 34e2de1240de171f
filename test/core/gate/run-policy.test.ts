import { expect, test } from 'vitest';
import {
  classifyRun,
  compareRunOrder,
  defaultBranchRefusal,
  parseRunOrderKey,
  runOrderKey,
  type RunFacts,
} from '../../../src/core/gate/run-policy.ts';

function run(facts: Partial<RunFacts>): RunFacts {
  return {
    event: 'pull_request',
    headBranch: 'feature',
    headRepoId: 1,
    headRepoName: 'o/r',
    repoId: 1,
    defaultBranch: 'main',
    ...facts,
  };
}

const fork = { headRepoId: 2, headRepoName: 'fork/r' };

test.each([
  ['a pull request run', run({}), 'pull-request'],
  [
    'a fork pull request run on its main branch',
    run({ headBranch: 'main', ...fork }),
    'pull-request',
  ],
  ['a push to the default branch', run({ event: 'push', headBranch: 'main' }), 'default-branch'],
  [
    'a schedule on the default branch',
    run({ event: 'schedule', headBranch: 'main' }),
    'default-branch',
  ],
  ['a dispatch on another branch', run({ event: 'workflow_dispatch' }), 'unrelated'],
  [
    "a push to a fork's main branch is never a default-branch run",
    run({ event: 'push', headBranch: 'main', ...fork }),
    'pull-request',
  ],
  ['a push to a branch with an open pull request', run({ event: 'push' }), 'pull-request'],
  [
    'pull_request_target runs the base code: not a training run of the head',
    run({ event: 'pull_request_target' }),
    'unrelated',
  ],
  ['a workflow_run is not a training run', run({ event: 'workflow_run' }), 'unrelated'],
] as const)('%s', (_name, facts, kind) => {
  expect(classifyRun(facts)).toBe(kind);
});

test.each([
  [run({ headBranch: 'main' }), 'it was triggered by pull_request, not by a push'],
  [run({ event: 'schedule' }), 'it ran on feature, not on the default branch main'],
  [
    run({ event: 'schedule', headBranch: 'main', ...fork }),
    'its head commit is in fork/r, not in this one',
  ],
  [
    run({ event: 'schedule', headBranch: 'main', headRepoId: null, headRepoName: null }),
    'another repository',
  ],
] as const)('a run that cannot speak for the default branch says why: %#', (facts, reason) => {
  expect(defaultBranchRefusal(facts)).toContain(reason);
});

test('runs order by id, then attempt; the key round-trips and rejects anything else', () => {
  expect(compareRunOrder({ id: 5, attempt: 2 }, { id: 5, attempt: 1 })).toBeGreaterThan(0);
  expect(compareRunOrder({ id: 4, attempt: 9 }, { id: 5, attempt: 1 })).toBeLessThan(0);
  expect(parseRunOrderKey(runOrderKey({ id: 77, attempt: 3 }))).toEqual({ id: 77, attempt: 3 });
  for (const bad of [null, '', 'run:1', 'run:1:2:3', 'run:x:1', `run:${'9'.repeat(20)}:1`])
    expect(parseRunOrderKey(bad)).toBeNull();
});
