import { expect, test } from 'vitest';
import { classifyRun, type WorkflowRunPayload } from '../../src/app/on-workflow-run.ts';

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
    'a monitoring run, whatever its trigger',
    payload({ event: 'schedule', head_branch: 'main' }),
    ['modelgate-drift'],
    'monitor',
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
