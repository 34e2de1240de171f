import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  signPayload,
  startSandbox,
  type RepoHandle,
  type Sandbox,
} from '../../src/sandbox/index.ts';
import { createWebhookValidator } from '../support/webhooks.ts';

const WithId = z.object({ id: z.number() });

let sandbox: Sandbox;
let repo: RepoHandle;
let receiver: Server;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
const validate = createWebhookValidator();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  sandbox = await startSandbox({
    validateWebhook: validate,
    webhook: { url: `http://127.0.0.1:${address.port}/api/github/webhooks`, secret: 'shh' },
  });
  repo = await sandbox.createRepo({ name: 'hooks', files: { 'README.md': '# hooks\n' } });
  sandbox.createInstallation({ repositories: [repo.fullName] });
});

afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('webhooks', () => {
  it('builds payloads that match @octokit/webhooks-schemas for every event modelgate handles', async () => {
    const base = await sandbox.branchSha(repo.fullName, 'main');
    const head = await sandbox.commit({
      repo: repo.fullName,
      branch: 'feature',
      files: { 'model.txt': 'v2\n' },
      message: 'Improve',
    });
    const pull = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'feature',
      title: 'Improve',
      labels: ['release:minor'],
    });
    const target = { owner: repo.owner, repo: repo.name };
    const payloads: [string, Record<string, unknown>][] = [
      [
        'pull_request',
        await sandbox.payloads.pullRequest({ ...target, number: pull.number, action: 'opened' }),
      ],
      [
        'pull_request',
        await sandbox.payloads.pullRequest({
          ...target,
          number: pull.number,
          action: 'synchronize',
          before: base ?? '',
        }),
      ],
      [
        'pull_request',
        await sandbox.payloads.pullRequest({
          ...target,
          number: pull.number,
          action: 'labeled',
          label: 'release:minor',
        }),
      ],
      [
        'push',
        await sandbox.payloads.push({
          ...target,
          ref: 'refs/heads/feature',
          before: base,
          after: head,
        }),
      ],
    ];
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: head,
      headBranch: 'feature',
      pullRequests: [pull.number],
      artifacts: { 'modelgate-report': { 'metrics.json': '{}' } },
    });
    payloads.push([
      'workflow_run',
      await sandbox.payloads.workflowRun({ ...target, runId: run.id }),
    ]);
    const checkRun = await fetch(`${sandbox.apiUrl}/repos/${repo.fullName}/check-runs`, {
      method: 'POST',
      headers: {
        authorization: `token ${sandbox.createToken({ repo: repo.fullName, permissions: { checks: 'write' } })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'modelgate / gate',
        head_sha: head,
        conclusion: 'success',
        output: { title: 'ok', summary: 'ok' },
      }),
    });
    const { id: checkRunId } = WithId.parse(await checkRun.json());
    payloads.push([
      'check_run',
      await sandbox.payloads.checkRun({ ...target, checkRunId, action: 'rerequested' }),
    ]);
    const comment = await fetch(
      `${sandbox.apiUrl}/repos/${repo.fullName}/issues/${pull.number}/comments`,
      {
        method: 'POST',
        headers: {
          authorization: `token ${sandbox.adminToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ body: '/modelgate rerun' }),
      },
    );
    const { id: commentId } = WithId.parse(await comment.json());
    payloads.push(['issue_comment', sandbox.payloads.issueComment({ ...target, commentId })]);
    payloads.push([
      'pull_request',
      await (async () => {
        await sandbox.mergePullRequest({ repo: repo.fullName, number: pull.number });
        return sandbox.payloads.pullRequest({ ...target, number: pull.number, action: 'closed' });
      })(),
    ]);

    const problems = payloads.flatMap(([event, payload]) => validate(event, payload));
    expect(problems).toEqual([]);
    expect(payloads.every(([, payload]) => typeof payload['installation'] === 'object')).toBe(true);
  });

  it('delivers signed webhooks with GitHub headers', async () => {
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'signed',
      files: { 's.txt': 's' },
      message: 's',
    });
    const pull = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'signed',
      title: 'Signed',
    });
    const payload = await sandbox.payloads.pullRequest({
      owner: repo.owner,
      repo: repo.name,
      number: pull.number,
      action: 'opened',
    });
    const delivery = await sandbox.emitWebhook('pull_request', payload);
    expect(delivery.status).toBe(202);
    const last = received.at(-1);
    expect(last?.headers['x-github-event']).toBe('pull_request');
    expect(last?.headers['x-hub-signature-256']).toBe(signPayload('shh', last?.body ?? ''));
    expect(last?.headers['x-github-hook-installation-target-type']).toBe('integration');
    expect(JSON.parse(last?.body ?? '{}')).toEqual(payload);
    expect(sandbox.deliveries.at(-1)?.id).toBe(last?.headers['x-github-delivery']);
    expect(sandbox.violations).toEqual([]);
  });

  it('records a violation when a delivered payload has a shape GitHub would not send', async () => {
    const before = sandbox.violations.length;
    await sandbox.emitWebhook('issues', { action: 'opened', issue: { number: 1 } });
    const found = sandbox.violations.slice(before);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((violation) => violation.operation === 'webhook issues.opened')).toBe(true);
    expect(found.map((violation) => violation.message).join('\n')).toMatch(
      /must have required property 'repository'/,
    );
    sandbox.violations.splice(before);
  });

  it('rejects a payload GitHub would not send', () => {
    expect(validate('pull_request', { action: 'opened', number: 'one' }).length).toBeGreaterThan(0);
  });
});
