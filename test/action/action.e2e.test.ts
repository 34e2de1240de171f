import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from '../../scripts/bundle.mjs';
import {
  CHECK_RUN_NAME,
  COMMENT_MARKER,
  DRIFT_ISSUE_MARKER_PREFIX,
} from '../../src/core/constants.ts';
import { MetricsReportSchema } from '../../src/core/metrics-report.ts';
import {
  startSandbox,
  type Permissions,
  type RepoHandle,
  type Sandbox,
} from '../../src/sandbox/index.ts';
import {
  pullRequestPayload,
  pushPayload,
  schedulePayload,
  workflowRunPayload,
  type ScenarioRepo,
} from './payloads.ts';
import { createOpenApiValidator } from '../support/openapi.ts';
import { runAction, type StepResult } from './run-action.ts';
import { checkout, modelgateConfig, tinyDataset } from './scenario.ts';

/**
 * The bundled Action, run as a runner runs it, through the whole story of DESIGN.md §6 on the
 * sandbox GitHub: the default branch records a baseline, a pull request trains with a
 * read-only token, `report` posts the comment and the gate check, a fork's read-only token
 * never fails the job, the merge is released and deployed, and monitoring opens and closes
 * the drift issue. The tests share one scenario and run in order.
 */

const WRITE_ALL: Permissions = {
  actions: 'read',
  checks: 'write',
  contents: 'write',
  deployments: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
};

let sandbox: Sandbox;
let repo: RepoHandle;
let scenario: ScenarioRepo;
let bundle: string;
const cleanup: string[] = [];

async function workspace(sha: string, url = repo.gitUrl, fetchRef?: string): Promise<string> {
  const path = await checkout(url, sha, fetchRef);
  cleanup.push(path);
  return path;
}

function historyRecord(sha: string): Promise<string | null> {
  return sandbox.readFile(repo.fullName, `history/${sha}.json`, 'refs/heads/modelgate-history');
}

/** REST writes (anything but GET) since `from`, leaving out the artifact results service. */
function restWritesSince(from: number): string[] {
  return sandbox.requests
    .slice(from)
    .filter((entry) => entry.method !== 'GET' && entry.operation !== null)
    .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
}

beforeAll(async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'modelgate-dist-'));
  cleanup.push(outDir);
  bundle = (await bundleAction({ outDir })).outFile;
  // Every REST exchange is checked against GitHub's OpenAPI description as it happens.
  sandbox = await startSandbox({ validate: createOpenApiValidator() });
  repo = await sandbox.createRepo({
    name: 'churn-model',
    files: {
      '.github/modelgate.yml': modelgateConfig(2),
      'data/train.csv': await tinyDataset(),
      'README.md': '# churn model\n',
    },
  });
  scenario = { owner: repo.owner, name: repo.name, defaultBranch: repo.defaultBranch };
});

afterAll(async () => {
  await sandbox?.close();
  await Promise.all(cleanup.map((path) => rm(path, { recursive: true, force: true })));
});

describe('the bundled Action on the sandbox', () => {
  let baseSha = '';
  let baseAccuracy = 0;
  let pull = { number: 0, headSha: '', baseSha: '' };
  let pullRunId = 0;

  it('train on a push to the default branch: outputs, summary, artifact and the history record', async () => {
    baseSha = (await sandbox.branchSha(repo.fullName, 'main')) ?? '';
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: baseSha,
      headBranch: 'main',
      event: 'push',
      status: 'in_progress',
    });
    const ws = await workspace(baseSha);
    const token = sandbox.createToken({
      repo: repo.fullName,
      permissions: { contents: 'write', metadata: 'read' },
    });
    const step = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'train', token },
      event: {
        name: 'push',
        payload: pushPayload({
          repo: scenario,
          before: null,
          after: baseSha,
          ref: 'refs/heads/main',
        }),
      },
    });
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);

    baseAccuracy = Number(step.outputs.accuracy);
    expect(baseAccuracy).toBeGreaterThan(0);
    expect(baseAccuracy).toBeLessThanOrEqual(1);
    expect(step.outputs).toMatchObject({
      'primary-metric': step.outputs.accuracy,
      'primary-metric-name': 'accuracy',
      gate: 'no-baseline',
      'report-path': join(ws, '.modelgate/run'),
    });
    expect(JSON.parse(step.outputs.metrics ?? '{}')).toMatchObject({ accuracy: baseAccuracy });
    expect(step.summary).toContain('## modelgate');
    expect(step.summary).toContain('No baseline');

    // The artifact went through @actions/artifact to the sandbox's results service.
    const artifact = run.artifacts.find((candidate) => candidate.name === 'modelgate-report');
    expect(artifact?.zip).toBeTruthy();
    const files = unzipSync(new Uint8Array(artifact?.zip ?? new Uint8Array()));
    expect(Object.keys(files).sort()).toEqual(
      [
        'metrics.json',
        'model/model.json',
        'model/preprocessing.json',
        'model/weights.bin',
        'profile.json',
        'report.md',
      ].sort(),
    );
    const uploaded = MetricsReportSchema.parse(
      JSON.parse(new TextDecoder().decode(files['metrics.json'])),
    );
    expect(uploaded.model.backend).toBe('wasm');
    expect(uploaded.git).toEqual({ sha: baseSha, ref: 'refs/heads/main' });

    // The default-branch run recorded its metrics on the history branch, over git.
    const record = MetricsReportSchema.parse(JSON.parse((await historyRecord(baseSha)) ?? 'null'));
    expect(record.metrics.accuracy).toBe(baseAccuracy);
    sandbox.completeWorkflowRun(run);
  });

  it('train on a pull request with a read-only token: compared with the baseline, nothing written', async () => {
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'train-longer',
      files: { '.github/modelgate.yml': modelgateConfig(4) },
      message: 'feat: train for four epochs',
    });
    const opened = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'train-longer',
      title: 'feat: train for four epochs',
    });
    pull = { number: opened.number, headSha: opened.headSha, baseSha: opened.baseSha };
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: pull.headSha,
      headBranch: 'train-longer',
      event: 'pull_request',
      pullRequests: [pull.number],
      status: 'in_progress',
    });
    pullRunId = run.id;
    const ws = await workspace(pull.headSha, repo.cloneUrl);
    const token = sandbox.createToken({ repo: repo.fullName }); // GitHub's read-only set
    const before = sandbox.requests.length;
    const step = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'train', token },
      event: {
        name: 'pull_request',
        payload: pullRequestPayload({
          repo: scenario,
          number: pull.number,
          title: 'feat: train for four epochs',
          base: { sha: pull.baseSha, ref: 'main' },
          head: { sha: pull.headSha, ref: 'train-longer' },
        }),
      },
    });
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    expect(step.outputs.gate).toBe('pass');
    // The baseline is the record of the merge base, and the table shows it.
    expect(step.summary).toContain(baseSha.slice(0, 7));
    expect(step.summary).toMatch(/\| \*\*Accuracy\*\* \| [0-9.]+ \| [0-9.]+ \|/);
    expect(restWritesSince(before)).toEqual([]);
    expect(sandbox.uploadedArtifacts).toContainEqual(
      expect.objectContaining({ runId: run.id, name: 'modelgate-report' }),
    );
    expect(await historyRecord(pull.headSha)).toBeNull();
    sandbox.completeWorkflowRun(run);
  });

  it('without a token the baseline comes from the history branch over git', async () => {
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: pull.headSha,
      headBranch: 'train-longer',
      event: 'pull_request',
      pullRequests: [pull.number],
    });
    const ws = await workspace(pull.headSha, repo.cloneUrl);
    const before = sandbox.requests.length;
    const step = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { workspace: ws }),
      inputs: { mode: 'train', token: '', 'upload-artifact': 'false' },
      event: {
        name: 'pull_request',
        payload: pullRequestPayload({
          repo: scenario,
          number: pull.number,
          title: 'feat: train for four epochs',
          base: { sha: pull.baseSha, ref: 'main' },
          head: { sha: pull.headSha, ref: 'train-longer' },
        }),
      },
    });
    expect(step.errors).toEqual([]);
    expect(step.outputs.gate).toBe('pass');
    expect(step.summary).toContain(baseSha.slice(0, 7));
    // Not one REST call: the record was fetched from the history branch by git.
    expect(sandbox.requests.slice(before).filter((entry) => entry.operation !== null)).toEqual([]);
  });

  async function report(token: string, payload: Record<string, unknown>): Promise<StepResult> {
    const mainSha = (await sandbox.branchSha(repo.fullName, 'main')) ?? '';
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: mainSha,
      headBranch: 'main',
      event: 'workflow_run',
    });
    const ws = await workspace(mainSha, repo.cloneUrl);
    return runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'report', token },
      event: { name: 'workflow_run', payload },
    });
  }

  function pullRunPayload(): Record<string, unknown> {
    return workflowRunPayload({
      repo: scenario,
      runId: pullRunId,
      headSha: pull.headSha,
      headBranch: 'train-longer',
      pullRequests: [
        {
          number: pull.number,
          base: { sha: pull.baseSha, ref: 'main' },
          head: { sha: pull.headSha, ref: 'train-longer' },
        },
      ],
    });
  }

  it('report on workflow_run: one sticky comment and the gate check, idempotent on a rerun', async () => {
    const token = sandbox.createToken({ repo: repo.fullName, permissions: WRITE_ALL });
    const first = await report(token, pullRunPayload());
    expect(first.errors).toEqual([]);
    expect(first.warnings).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs.gate).toBe('pass');
    expect(first.summary).toContain(baseSha.slice(0, 7));

    const second = await report(token, pullRunPayload());
    expect(second.exitCode).toBe(0);

    const records = sandbox.records(repo.fullName);
    const comments = records.comments.filter((comment) => comment.issueNumber === pull.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comments[0]?.body).toContain(baseSha.slice(0, 7));
    const checks = records.checkRuns.filter(
      (check) => check.headSha === pull.headSha && check.name === CHECK_RUN_NAME,
    );
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    // The pull request's own commit is kept for its trend, apart from default-branch records.
    expect(
      await sandbox.readFile(
        repo.fullName,
        `history/pull-requests/${pull.headSha}.json`,
        'refs/heads/modelgate-history',
      ),
    ).not.toBeNull();
  });

  it("report judges by the default branch's gate, not the one a pull request brings", async () => {
    const strict = modelgateConfig(2).replace('min: 0.5', 'min: 0.999');
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'own-gate',
      files: { '.github/modelgate.yml': strict },
      message: 'chore: own gate',
    });
    const opened = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'own-gate',
      title: 'chore: own gate',
    });
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: opened.headSha,
      headBranch: 'own-gate',
      event: 'pull_request',
      pullRequests: [opened.number],
      status: 'in_progress',
    });
    const ws = await workspace(opened.headSha, repo.cloneUrl);
    const token = sandbox.createToken({ repo: repo.fullName });
    const trained = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'train', token },
      event: {
        name: 'pull_request',
        payload: pullRequestPayload({
          repo: scenario,
          number: opened.number,
          title: 'chore: own gate',
          base: { sha: opened.baseSha, ref: 'main' },
          head: { sha: opened.headSha, ref: 'own-gate' },
        }),
      },
    });
    // In the pull request's own job its config is what it is: informational only.
    expect(trained.outputs.gate).toBe('fail');
    sandbox.completeWorkflowRun(run);

    const reported = await report(
      sandbox.createToken({ repo: repo.fullName, permissions: WRITE_ALL }),
      workflowRunPayload({
        repo: scenario,
        runId: run.id,
        headSha: opened.headSha,
        headBranch: 'own-gate',
        pullRequests: [
          {
            number: opened.number,
            base: { sha: opened.baseSha, ref: 'main' },
            head: { sha: opened.headSha, ref: 'own-gate' },
          },
        ],
      }),
    );
    expect(reported.outputs.gate).toBe('pass');
    const check = sandbox
      .records(repo.fullName)
      .checkRuns.find((candidate) => candidate.headSha === opened.headSha);
    expect(check).toMatchObject({ name: CHECK_RUN_NAME, conclusion: 'success' });
    expect(check?.output.summary).toContain('≥ 0.5');
    expect(check?.output.summary).not.toContain('0.999');
  });

  it('a read-only token never fails the job on a write: it warns with the reason, the report stays in the summary', async () => {
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'fork-tweak',
      files: { 'README.md': '# churn model, tweaked\n' },
      message: 'docs: tweak',
    });
    const fork = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'fork-tweak',
      title: 'docs: tweak',
      fromFork: true,
    });
    const forkRun = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: fork.headSha,
      headBranch: 'fork-tweak',
      headRepo: fork.headRepo,
      event: 'pull_request',
      status: 'in_progress',
    });
    const [forkOwner = '', forkName = ''] = fork.headRepo.split('/');
    const ws = await workspace(
      fork.headSha,
      sandbox.repoHandle({ owner: forkOwner, name: forkName }).cloneUrl,
    );
    const readOnly = sandbox.createToken({ repo: repo.fullName });
    const trained = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(forkRun, { token: readOnly, workspace: ws }),
      inputs: { mode: 'train', token: readOnly },
      event: {
        name: 'pull_request',
        payload: pullRequestPayload({
          repo: scenario,
          number: fork.number,
          title: 'docs: tweak',
          base: { sha: fork.baseSha, ref: 'main' },
          head: { sha: fork.headSha, ref: 'fork-tweak', owner: forkOwner },
        }),
      },
    });
    expect(trained.exitCode).toBe(0);
    expect(sandbox.uploadedArtifacts).toContainEqual(
      expect.objectContaining({ runId: forkRun.id, name: 'modelgate-report' }),
    );
    sandbox.completeWorkflowRun(forkRun);

    // `report` with a token that lacks the write permissions (a misconfigured workflow).
    const reported = await report(
      readOnly,
      workflowRunPayload({
        repo: scenario,
        runId: forkRun.id,
        headSha: fork.headSha,
        headBranch: 'fork-tweak',
        headOwner: forkOwner,
        pullRequests: [],
      }),
    );
    expect(reported.errors).toEqual([]);
    expect(reported.exitCode).toBe(0);
    expect(reported.outputs.gate).toMatch(/^(pass|fail)$/);
    expect(reported.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Could not post the sticky comment on #\d+: .+ \(HTTP 403\)\. The token is read-only here/,
        ),
        expect.stringMatching(/^Could not publish the gate check on [0-9a-f]{7}: .+ \(HTTP 403\)/),
      ]),
    );
    expect(reported.summary).toContain('| **Accuracy** |');
    expect(reported.summary).toContain('The comment was not posted');
    const records = sandbox.records(repo.fullName);
    expect(records.comments.filter((comment) => comment.issueNumber === fork.number)).toEqual([]);
    expect(records.checkRuns.filter((check) => check.headSha === fork.headSha)).toEqual([]);
  });

  it('a push run whose token may not write the history branch warns and still succeeds', async () => {
    const sha = await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: { 'CHANGELOG.md': 'x\n' },
      message: 'docs: changelog',
    });
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'push',
    });
    const readOnly = sandbox.createToken({ repo: repo.fullName });
    // actions/checkout persists the job's token for git; here it is a read-only one.
    const url = new URL(repo.cloneUrl);
    url.username = 'x-access-token';
    url.password = readOnly;
    const ws = await workspace(sha, url.href);
    const step = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token: readOnly, workspace: ws }),
      inputs: { mode: 'train', token: readOnly, 'upload-artifact': 'false' },
      event: {
        name: 'push',
        payload: pushPayload({
          repo: scenario,
          before: baseSha,
          after: sha,
          ref: 'refs/heads/main',
        }),
      },
    });
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    expect(step.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not record the metrics of ${sha.slice(0, 7)} in modelgate-history: remote: Permission to \\S+ denied[^.]*\\. The token is read-only here`,
        ),
      ),
    ]);
    expect(step.summary).toContain('The metrics were not recorded');
    expect(await historyRecord(sha)).toBeNull();
  });

  it('report of a run whose pull request has moved on: the check on that commit, no comment', async () => {
    const first = await sandbox.commit({
      repo: repo.fullName,
      branch: 'stale',
      files: { 'NOTES.md': 'one\n' },
      message: 'one',
    });
    const opened = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: 'stale',
      title: 'chore: notes',
    });
    const metrics = (await historyRecord(baseSha)) ?? '';
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: first,
      headBranch: 'stale',
      pullRequests: [opened.number],
      artifacts: { 'modelgate-report': { 'metrics.json': metrics } },
    });
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'stale',
      files: { 'NOTES.md': 'two\n' },
      message: 'two',
    });
    const token = sandbox.createToken({ repo: repo.fullName, permissions: WRITE_ALL });
    const step = await report(
      token,
      workflowRunPayload({
        repo: scenario,
        runId: run.id,
        headSha: first,
        headBranch: 'stale',
        pullRequests: [
          {
            number: opened.number,
            base: { sha: opened.baseSha, ref: 'main' },
            head: { sha: first, ref: 'stale' },
          },
        ],
      }),
    );
    expect(step.exitCode).toBe(0);
    expect(step.summary).toContain(`#${opened.number} has moved on to`);
    const records = sandbox.records(repo.fullName);
    expect(records.comments.filter((comment) => comment.issueNumber === opened.number)).toEqual([]);
    expect(
      records.checkRuns.filter((check) => check.headSha === first && check.name === CHECK_RUN_NAME),
    ).toHaveLength(1);
  });

  it('release after the gated merge: tag, release with assets, deployment; a rerun changes nothing', async () => {
    const merged = await sandbox.mergePullRequest({ repo: repo.fullName, number: pull.number });
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: merged,
      headBranch: 'main',
      event: 'push',
      status: 'in_progress',
    });
    const ws = await workspace(merged);
    const token = sandbox.createToken({
      repo: repo.fullName,
      permissions: {
        contents: 'write',
        checks: 'read',
        pull_requests: 'read',
        deployments: 'write',
        metadata: 'read',
      },
    });
    const env = sandbox.runnerEnvironment(run, { token, workspace: ws });
    const event = {
      name: 'push',
      payload: pushPayload({
        repo: scenario,
        before: baseSha,
        after: merged,
        ref: 'refs/heads/main',
      }),
    };
    const trained = await runAction({
      bundle,
      workspace: ws,
      env,
      inputs: { mode: 'train', token },
      event,
    });
    expect(trained.exitCode).toBe(0);
    expect(trained.outputs.gate).toBe('pass');
    expect(await historyRecord(merged)).not.toBeNull();

    const released = await runAction({
      bundle,
      workspace: ws,
      env,
      inputs: { mode: 'release', token },
      event,
    });
    expect(released.errors).toEqual([]);
    expect(released.exitCode).toBe(0);
    expect(released.outputs.tag).toBe('model-v0.1.0');
    expect(released.summary).toContain('model-v0.1.0');

    const again = await runAction({
      bundle,
      workspace: ws,
      env,
      inputs: { mode: 'release', token },
      event,
    });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.tag).toBe('model-v0.1.0');

    const records = sandbox.records(repo.fullName);
    expect(records.releases).toHaveLength(1);
    expect(records.releases[0]?.tagName).toBe('model-v0.1.0');
    expect(records.releases[0]?.assets.map((asset) => asset.name).sort()).toEqual(
      ['metrics.json', 'model.json', 'preprocessing.json', 'profile.json', 'weights.bin'].sort(),
    );
    expect(await sandbox.gitRepo(repo.fullName).resolve('refs/tags/model-v0.1.0')).toBe(merged);
    expect(records.deployments).toHaveLength(1);
    expect(records.deployments[0]).toMatchObject({ sha: merged, environment: 'production' });
    expect(records.deployments[0]?.statuses.map((status) => status.state)).toEqual(['success']);
  });

  it('release leaves a direct push to the default branch alone: it has no gate verdict', async () => {
    const sha = await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: { 'NOTES.md': 'hotfix\n' },
      message: 'hotfix',
    });
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'push',
    });
    const ws = await workspace(sha);
    const token = sandbox.createToken({
      repo: repo.fullName,
      permissions: {
        contents: 'write',
        checks: 'read',
        pull_requests: 'read',
        deployments: 'write',
        metadata: 'read',
      },
    });
    const env = sandbox.runnerEnvironment(run, { token, workspace: ws });
    const event = {
      name: 'push',
      payload: pushPayload({ repo: scenario, before: null, after: sha, ref: 'refs/heads/main' }),
    };
    expect(
      (await runAction({ bundle, workspace: ws, env, inputs: { mode: 'train', token }, event }))
        .exitCode,
    ).toBe(0);
    const released = await runAction({
      bundle,
      workspace: ws,
      env,
      inputs: { mode: 'release', token },
      event,
    });
    expect(released.exitCode).toBe(0);
    expect(released.outputs.tag).toBe('');
    expect(released.stdout).toContain(
      `::notice::Commit ${sha.slice(0, 7)} was not merged from a pull request`,
    );
    expect(sandbox.records(repo.fullName).releases).toHaveLength(1);
  });

  it('a user mistake fails the step with one sentence naming it, no stack trace', async () => {
    const sha = (await sandbox.branchSha(repo.fullName, 'main')) ?? '';
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'push',
    });
    const ws = await workspace(sha, repo.cloneUrl);
    const env = sandbox.runnerEnvironment(run, { workspace: ws });
    const event = {
      name: 'push',
      payload: pushPayload({ repo: scenario, before: null, after: sha, ref: 'refs/heads/main' }),
    };

    const badMode = await runAction({
      bundle,
      workspace: ws,
      env,
      inputs: { mode: 'deploy' },
      event,
    });
    expect(badMode.exitCode).toBe(1);
    expect(badMode.errors).toEqual([
      `Invalid 'mode' input: expected one of "train", "report", "release", "monitor", got "deploy".`,
    ]);

    const noConfig = await runAction({
      bundle,
      workspace: ws,
      env,
      inputs: { mode: 'train', config: 'ml/missing.yml' },
      event,
    });
    expect(noConfig.exitCode).toBe(1);
    expect(noConfig.errors).toEqual([
      "No config file at ml/missing.yml: add one with at least `data: { path: <csv>, label: <column> }`, or point the 'config' input at it.",
    ]);
    expect(noConfig.stdout).not.toMatch(/^\s+at /m);
  });

  it('working-directory: a model in a subdirectory of the repository', async () => {
    const sha = await sandbox.commit({
      repo: repo.fullName,
      branch: 'subdir',
      files: {
        'ml/.github/modelgate.yml': modelgateConfig(1),
        'ml/data/train.csv': await tinyDataset(),
      },
      message: 'a second model under ml/',
    });
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: sha,
      headBranch: 'subdir',
      event: 'push',
    });
    const ws = await workspace(sha, repo.cloneUrl);
    const step = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { workspace: ws }),
      inputs: { mode: 'train', 'working-directory': 'ml', 'upload-artifact': 'false' },
      event: {
        name: 'push',
        payload: pushPayload({
          repo: scenario,
          before: null,
          after: sha,
          ref: 'refs/heads/subdir',
        }),
      },
    });
    expect(step.errors).toEqual([]);
    expect(step.outputs['report-path']).toBe(join(ws, 'ml', '.modelgate/run'));
    const metrics = MetricsReportSchema.parse(
      JSON.parse(await readFile(join(ws, 'ml', '.modelgate/run/metrics.json'), 'utf8')),
    );
    expect(metrics.data.path).toBe('data/train.csv');
    expect(metrics.git?.sha).toBe(sha);

    const missing = await runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { workspace: ws }),
      inputs: { mode: 'train', 'working-directory': 'nope' },
      event: {
        name: 'push',
        payload: pushPayload({
          repo: scenario,
          before: null,
          after: sha,
          ref: 'refs/heads/subdir',
        }),
      },
    });
    expect(missing.exitCode).toBe(1);
    expect(missing.errors).toEqual([
      expect.stringMatching(
        /^The 'working-directory' input \S+\/nope cannot be entered \(ENOENT.*\); expected the directory of the repository checkout\.$/,
      ),
    ]);
  });

  async function monitor(scale: number): Promise<StepResult> {
    const sha = await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: { 'monitoring/current.csv': await tinyDataset(scale) },
      message: `monitoring data x${scale}`,
    });
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'schedule',
    });
    const ws = await workspace(sha, repo.cloneUrl);
    const token = sandbox.createToken({
      repo: repo.fullName,
      permissions: { contents: 'read', issues: 'write', metadata: 'read' },
    });
    return runAction({
      bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'monitor', token },
      event: { name: 'schedule', payload: schedulePayload() },
    });
  }

  it('monitor: drift against the release profile opens the issue, clean data closes it', async () => {
    const drifted = await monitor(3);
    expect(drifted.errors).toEqual([]);
    expect(drifted.exitCode).toBe(0);
    expect(drifted.outputs.drift).toBe('true');
    const drift: unknown = JSON.parse(await readFile(drifted.outputs['report-path'] ?? '', 'utf8'));
    // Named as in the repository, not by the runner's absolute path.
    expect(drift).toMatchObject({
      schema: 'modelgate/drift@1',
      dataset_drift: true,
      current: { source: 'monitoring/current.csv', rows: 60 },
    });
    const opened = [...sandbox.records(repo.fullName).issues.values()].filter(
      (issue) => issue.pull === null,
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ state: 'open', labels: ['drift'] });
    expect(opened[0]?.body).toContain(`${DRIFT_ISSUE_MARKER_PREFIX} model-v0.1.0 -->`);

    const clean = await monitor(1);
    expect(clean.exitCode).toBe(0);
    expect(clean.outputs.drift).toBe('false');
    const issues = [...sandbox.records(repo.fullName).issues.values()].filter(
      (issue) => issue.pull === null,
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.state).toBe('closed');
  });

  it("every request the Action made matched GitHub's OpenAPI description", () => {
    expect(sandbox.requests.filter((entry) => entry.operation !== null).length).toBeGreaterThan(50);
    expect(sandbox.violations).toEqual([]);
    expect(sandbox.serverErrors).toEqual([]);
  });
});
