import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { createWebhookValidator } from '../support/webhooks.ts';
import {
  checkRunRerequested,
  issueCommentCreated,
  pullRequestEdited,
  workflowRunCompleted,
  type Target,
} from './payloads.ts';

const ManifestSchema = z.object({
  name: z.string(),
  default_events: z.array(z.string()),
  default_permissions: z.record(z.string(), z.enum(['read', 'write'])),
});

test('app.yml asks for the events the App handles and the least permissions it needs', () => {
  const manifest = ManifestSchema.parse(
    parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')),
  );
  // One handler per event in src/app/app.ts.
  expect([...manifest.default_events].sort()).toEqual([
    'check_run',
    'issue_comment',
    'pull_request',
    'workflow_run',
  ]);
  expect(manifest.default_permissions).toEqual({
    actions: 'read',
    checks: 'write',
    contents: 'write',
    deployments: 'write',
    issues: 'write',
    pull_requests: 'write',
    metadata: 'read',
  });
});

test("the tests' payloads still match GitHub's webhook schemas after modelgate's data is patched in", () => {
  const validate = createWebhookValidator();
  const repo = {
    id: 7,
    owner: 'octo-org',
    name: 'churn-model',
    fullName: 'octo-org/churn-model',
    defaultBranch: 'main',
    gitUrl: '',
    cloneUrl: '',
  };
  const target: Target = { repo, installationId: 3, baseUrl: 'http://127.0.0.1:1' };
  const sha = 'a'.repeat(40);
  const pull = {
    number: 4,
    id: 40,
    headSha: sha,
    baseSha: 'b'.repeat(40),
    headRef: 'feature',
    baseRef: 'main',
    headRepo: repo.fullName,
  };
  const run = {
    id: 11,
    name: 'modelgate',
    path: '.github/workflows/modelgate.yml',
    workflowId: 5,
    runNumber: 2,
    headSha: sha,
    headBranch: 'feature',
    event: 'pull_request',
    conclusion: 'success',
  };
  const check = {
    id: 12,
    name: 'modelgate / gate',
    headSha: sha,
    status: 'completed' as const,
    conclusion: 'failure',
  };
  expect(validate('workflow_run', workflowRunCompleted(target, { run, pulls: [pull] }))).toEqual(
    [],
  );
  expect(
    validate(
      'issue_comment',
      issueCommentCreated(target, { number: 4, login: 'octocat', body: '/modelgate rerun' }),
    ),
  ).toEqual([]);
  expect(
    validate('check_run', checkRunRerequested(target, { check, appId: 1, pulls: [pull] })),
  ).toEqual([]);
  expect(
    validate(
      'pull_request',
      pullRequestEdited(target, {
        pull,
        changes: { base: { ref: { from: 'dev' }, sha: { from: sha } } },
      }),
    ),
  ).toEqual([]);
});
