import { expect, test } from 'vitest';
import {
  classifyRun,
  defaultBranchRefusal,
  type WorkflowRunPayload,
} from '../../src/app/on-workflow-run.ts';

function payload(run: Partial<WorkflowRunPayload['workflow_run']>): WorkflowRunPayload {
  return {
    repository: { id: 1 },
    workflow_run: {
      id: 9,
      name: 'modelgate',
      path: '.github/workflows/modelgate.yml',
      head_sha: 'a'.repeat(40),
      head_branch: 'feature',
      event: 'pull_request',
      conclusion: 'success',
      html_url: 'https://github.com/o/r/actions/runs/9',
      pull_requests: [],
      head_repository: { id: 1, full_name: 'o/r', owner: { login: 'o' } },
      ...run,
    },
  };
}

test.each([
  ['a pull request run', payload({}), ['modelgate-report'], 'pull-request'],
  [
    'a fork pull request run on its main branch',
    payload({ head_branch: 'main' }),
    ['modelgate-report'],
    'pull-request',
  ],
  [
    'a push to the default branch with a report',
    payload({ event: 'push', head_branch: 'main' }),
    ['modelgate-report'],
    'default-branch',
  ],
  [
    'a scheduled retrain on the default branch',
    payload({ event: 'schedule', head_branch: 'main' }),
    ['modelgate-report'],
    'default-branch',
  ],
  [
    'a default-branch run without a report',
    payload({ event: 'push', head_branch: 'main' }),
    ['coverage'],
    'unrelated',
  ],
  [
    'a scheduled monitoring run on the default branch',
    payload({ event: 'schedule', head_branch: 'main' }),
    ['modelgate-drift'],
    'monitor',
  ],
  [
    'a dispatched monitoring run on the default branch',
    payload({ event: 'workflow_dispatch', head_branch: 'main' }),
    ['modelgate-drift'],
    'monitor',
  ],
  [
    'drift uploaded by a pull request run',
    payload({ head_branch: 'main' }),
    ['modelgate-drift'],
    'untrusted-drift',
  ],
  [
    'a pull request run with drift and a report: gated, its drift ignored',
    payload({ head_branch: 'main' }),
    ['modelgate-drift', 'modelgate-report'],
    'pull-request',
  ],
  [
    "a push to a fork's main branch with drift and a report: gated like its report alone",
    payload({
      event: 'push',
      head_branch: 'main',
      head_repository: { id: 2, full_name: 'fork/r', owner: { login: 'fork' } },
    }),
    ['modelgate-drift', 'modelgate-report'],
    'pull-request',
  ],
  [
    'a scheduled run of the default branch with drift and a report is a monitoring run (its report recorded too)',
    payload({ event: 'schedule', head_branch: 'main' }),
    ['modelgate-drift', 'modelgate-report'],
    'monitor',
  ],
  [
    'drift uploaded by a scheduled run of another branch',
    payload({ event: 'schedule', head_branch: 'feature' }),
    ['modelgate-drift'],
    'untrusted-drift',
  ],
  [
    "drift uploaded by a push to a fork's main branch",
    payload({
      event: 'push',
      head_branch: 'main',
      head_repository: { id: 2, full_name: 'fork/r', owner: { login: 'fork' } },
    }),
    ['modelgate-drift'],
    'untrusted-drift',
  ],
  [
    "a report from a fork's main branch is never a default-branch run",
    payload({
      event: 'push',
      head_branch: 'main',
      head_repository: { id: 2, full_name: 'fork/r', owner: { login: 'fork' } },
    }),
    ['modelgate-report'],
    'pull-request',
  ],
  [
    'a push to a branch with an open pull request',
    payload({ event: 'push' }),
    ['modelgate-report'],
    'pull-request',
  ],
] as const)('%s', (_name, run, artifacts, kind) => {
  expect(classifyRun(run, 'main', artifacts)).toBe(kind);
});

test.each([
  [payload({ head_branch: 'main' }), 'it was triggered by pull_request, not by a push'],
  [
    payload({ event: 'schedule', head_branch: 'feature' }),
    'it ran on feature, not on the default branch main',
  ],
  [
    payload({
      event: 'schedule',
      head_branch: 'main',
      head_repository: { id: 2, full_name: 'fork/r', owner: { login: 'fork' } },
    }),
    'its head commit is in fork/r, not in this one',
  ],
  [
    payload({ event: 'schedule', head_branch: 'main', head_repository: null }),
    'another repository',
  ],
] as const)('a run that cannot speak for the default branch says why: %#', (run, reason) => {
  expect(defaultBranchRefusal(run, 'main')).toContain(reason);
});
