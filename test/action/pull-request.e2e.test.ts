import { readFile } from 'node:fs/promises';
import { Octokit } from '@octokit/rest';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_WRITER_MARKER, CHECK_RUN_NAME, COMMENT_MARKER } from '../../src/core/constants.ts';
import { MetricsReportSchema } from '../../src/core/metrics-report.ts';
import type { PullHandle, WorkflowRunInput } from '../../src/sandbox/index.ts';
import { ActionWorld, REPORT_PERMISSIONS, runStep } from './action-world.ts';
import { groupLines, logGroups } from './log-groups.ts';
import { workflowRunPayload } from './payloads.ts';
import { modelgateConfig, tinyDataset } from './scenario.ts';

/**
 * The bundled Action on pull requests, run as a runner runs it against the sandbox GitHub:
 * the default branch records the baseline; a pull request trains with a read-only token and
 * writes nothing; the `workflow_run` job reports with the default branch's gate; forks and
 * read-only tokens never fail a job on a write. The tests share one repository and run in
 * order.
 */

let world: ActionWorld;

beforeAll(async () => {
  world = await ActionWorld.start();
});

afterAll(async () => {
  await world?.close();
});

/** Commits `files` to a new branch and opens a pull request from it. */
async function openPullRequest(
  branch: string,
  title: string,
  files: Record<string, string>,
  fromFork = false,
): Promise<PullHandle> {
  const { sandbox, repo } = world;
  await sandbox.commit({ repo: repo.fullName, branch, files, message: title });
  return sandbox.openPullRequest({ repo: repo.fullName, head: branch, title, fromFork });
}

describe('the bundled Action on pull requests', () => {
  let baseSha = '';
  let pull: PullHandle;
  let pullRunId = 0;
  let pushRunId = 0;

  it('train on a push to the default branch: outputs, summary, artifact and the history record', async () => {
    baseSha = await world.mainSha();
    const { steps, runId, workspace } = await world.push({
      sha: baseSha,
      token: world.token({ contents: 'write', metadata: 'read' }),
      steps: [{ mode: 'train' }],
    });
    pushRunId = runId;
    const [step] = steps;
    if (!step) throw new Error('no step ran');
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);

    const accuracy = Number(step.outputs.accuracy);
    expect(accuracy).toBeGreaterThan(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    expect(step.outputs).toMatchObject({
      'primary-metric': step.outputs.accuracy,
      'primary-metric-name': 'accuracy',
      gate: 'no-baseline',
      'report-path': join(workspace, '.modelgate/run'),
    });
    expect(JSON.parse(step.outputs.metrics ?? '{}')).toMatchObject({ accuracy });
    expect(step.summary).toContain('## modelgate');
    expect(step.summary).toContain('No baseline');

    // One foldable log group per phase, and training's progress inside its own.
    expect(logGroups(step.stdout)).toEqual([
      'Load the config',
      'Read the data',
      'Train',
      'Evaluate',
      'Compare',
      'Upload',
      'Publish',
    ]);
    const progress = groupLines(step.stdout, 'Train').filter((line) => line.startsWith('epoch'));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatch(/^epoch +1\/\d+ {2}loss \d+\.\d{4} .*ETA \d/);
    expect(groupLines(step.stdout, 'Upload').join('\n')).toContain('modelgate-report artifact');

    // The artifact went through @actions/artifact to the sandbox's results service.
    const run = world.sandbox.records(world.repo.fullName).workflowRuns.find((r) => r.id === runId);
    const artifact = run?.artifacts.find((candidate) => candidate.name === 'modelgate-report');
    const files = unzipSync(new Uint8Array(artifact?.zip ?? new Uint8Array()));
    expect(Object.keys(files).sort()).toEqual([
      'data-summary.json',
      'metrics.json',
      'model/calibration.json',
      'model/model.json',
      'model/preprocessing.json',
      'model/weights.bin',
      'predictions.csv',
      'profile.json',
      'report.md',
    ]);
    const uploaded = MetricsReportSchema.parse(
      JSON.parse(new TextDecoder().decode(files['metrics.json'])),
    );
    expect(uploaded.model.backend).toBe('wasm');
    expect(uploaded.git).toEqual({ sha: baseSha, ref: 'refs/heads/main' });

    // The default-branch run recorded its metrics on the history branch, over git.
    const record = MetricsReportSchema.parse(
      JSON.parse((await world.historyRecord(baseSha)) ?? 'null'),
    );
    expect(record.metrics.accuracy).toBe(accuracy);
  });

  it('train on a pull request with contents: read only: compared with the baseline, nothing written', async () => {
    pull = await openPullRequest('train-longer', 'feat: train for four epochs', {
      '.github/modelgate.yml': modelgateConfig(4),
    });
    const before = world.sandbox.requests.length;
    // Exactly what the example workflow's `train` job gets: `contents: read`.
    const { step, runId } = await world.trainPullRequest({
      pull,
      title: 'feat: train for four epochs',
      token: world.token({ contents: 'read', metadata: 'read' }),
    });
    pullRunId = runId;
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    expect(step.outputs.gate).toBe('pass');
    // The baseline is the record of the merge base, and the table shows it.
    expect(step.summary).toContain(baseSha.slice(0, 7));
    expect(step.summary).toMatch(/\| \*\*Accuracy\*\* \| [0-9.]+ \| [0-9.]+ \|/);
    expect(world.restWritesSince(before)).toEqual([]);
    expect(world.sandbox.uploadedArtifacts).toContainEqual(
      expect.objectContaining({ runId, name: 'modelgate-report' }),
    );
    expect(await world.historyRecord(pull.headSha)).toBeNull();
  });

  it('without a token the baseline comes from the history branch over git', async () => {
    const before = world.sandbox.requests.length;
    const { step } = await world.trainPullRequest({
      pull,
      title: 'feat: train for four epochs',
      token: '',
      inputs: { 'upload-artifact': 'false' },
      // A local check beside the training workflow: its run does not speak for the gate.
      path: '.github/workflows/local-check.yml',
    });
    expect(step.errors).toEqual([]);
    expect(step.outputs.gate).toBe('pass');
    expect(step.summary).toContain(baseSha.slice(0, 7));
    // Not one REST call: the record was fetched from the history branch by git.
    expect(
      world.sandbox.requests.slice(before).filter((entry) => entry.operation !== null),
    ).toEqual([]);
  });

  it('report on workflow_run: one sticky comment and the gate check, idempotent on a rerun', async () => {
    const token = world.token(REPORT_PERMISSIONS);
    const first = await world.report({ runId: pullRunId, pull, token });
    expect(first.errors).toEqual([]);
    expect(first.warnings).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs.gate).toBe('pass');
    expect(first.summary).toContain(baseSha.slice(0, 7));
    expect(logGroups(first.stdout)).toEqual(['Compare', 'Publish']);

    const second = await world.report({ runId: pullRunId, pull, token });
    expect(second.exitCode).toBe(0);

    const records = world.sandbox.records(world.repo.fullName);
    const comments = records.comments.filter((comment) => comment.issueNumber === pull.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comments[0]?.body).toContain(baseSha.slice(0, 7));
    const checks = records.checkRuns.filter(
      (check) => check.headSha === pull.headSha && check.name === CHECK_RUN_NAME,
    );
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    // The trend lives in the sticky comment's hidden state, not in the history branch; apart from default-branch records.
    expect(await world.historyRecord(pull.headSha, 'pull-request')).toBeNull();
  });

  it('a second commit on the pull request: the trend chart in the job summary and the comment', async () => {
    await world.sandbox.commit({
      repo: world.repo.fullName,
      branch: 'train-longer',
      files: { '.github/modelgate.yml': modelgateConfig(5) },
      message: 'feat: five epochs',
    });
    const updated = await world.sandbox.pullRequest(world.repo.fullName, pull.number);
    const trained = await world.trainPullRequest({
      pull: updated,
      title: 'feat: train for four epochs',
    });
    // The first commit's record (written by the report) and this run: two points.
    expect(trained.step.summary).toContain('xychart-beta');
    expect(trained.step.summary).toContain(pull.headSha.slice(0, 7));

    await world.report({
      runId: trained.runId,
      pull: updated,
      token: world.token(REPORT_PERMISSIONS),
    });
    const comments = world.sandbox
      .records(world.repo.fullName)
      .comments.filter((comment) => comment.issueNumber === pull.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('```mermaid');
    expect(comments[0]?.body).toContain('xychart-beta');
    expect(comments[0]?.body).toContain(updated.headSha.slice(0, 7));
  });

  it("report judges by the default branch's gate, not the one a pull request brings", async () => {
    const strict = modelgateConfig(2).replace('min: 0.5', 'min: 0.999');
    const own = await openPullRequest('own-gate', 'chore: own gate', {
      '.github/modelgate.yml': strict,
    });
    const trained = await world.trainPullRequest({
      pull: own,
      title: 'chore: own gate',
      inputs: { 'fail-on-gate': 'true' },
    });
    // In the pull request's own job its config is what it is: informational only. With
    // fail-on-gate the step fails, after the outputs, the summary and the artifact.
    expect(trained.step.outputs.gate).toBe('fail');
    expect(trained.step.exitCode).toBe(1);
    expect(trained.step.errors).toEqual([expect.stringMatching(/^The gate failed: .*0\.999/)]);
    expect(trained.step.summary).toContain('| **Accuracy** |');
    expect(world.sandbox.uploadedArtifacts).toContainEqual(
      expect.objectContaining({ runId: trained.runId, name: 'modelgate-report' }),
    );

    const reported = await world.report({
      runId: trained.runId,
      pull: own,
      token: world.token(REPORT_PERMISSIONS),
    });
    expect(reported.outputs.gate).toBe('pass');
    const check = world.sandbox
      .records(world.repo.fullName)
      .checkRuns.find((candidate) => candidate.headSha === own.headSha);
    expect(check).toMatchObject({ name: CHECK_RUN_NAME, conclusion: 'success' });
    expect(check?.output.summary).toContain('≥ 0.5');
    expect(check?.output.summary).not.toContain('0.999');
  });

  it('a read-only token never fails the job on a write: it warns with the reason, the report stays in the summary', async () => {
    const fork = await openPullRequest(
      'fork-tweak',
      'docs: tweak',
      { 'README.md': '# churn model, tweaked\n' },
      true,
    );
    const [forkOwner = '', forkName = ''] = fork.headRepo.split('/');
    const forkUrl = world.sandbox.repoHandle({ owner: forkOwner, name: forkName }).cloneUrl;
    const trained = await world.trainPullRequest({
      pull: fork,
      title: 'docs: tweak',
      url: forkUrl,
    });
    expect(trained.step.exitCode).toBe(0);
    expect(world.sandbox.uploadedArtifacts).toContainEqual(
      expect.objectContaining({ runId: trained.runId, name: 'modelgate-report' }),
    );

    // `report` with a token that lacks the write permissions (a misconfigured workflow).
    const reported = await world.report({ runId: trained.runId, pull: fork, token: world.token() });
    expect(reported.errors).toEqual([]);
    expect(reported.exitCode).toBe(0);
    expect(reported.outputs.gate).toBe('pass');
    expect(reported.warnings).toEqual([
      expect.stringMatching(
        /^Could not post the sticky comment on #\d+: .+ \(HTTP 403\)\. The token is read-only here .*`pull-requests: write`/,
      ),
      expect.stringMatching(/^Could not publish the gate check on [0-9a-f]{7}: .+ \(HTTP 403\)/),
    ]);
    expect(reported.summary).toContain('| **Accuracy** |');
    expect(reported.summary).toContain('Could not post the sticky comment');
    const records = world.sandbox.records(world.repo.fullName);
    expect(records.comments.filter((comment) => comment.issueNumber === fork.number)).toEqual([]);
    expect(records.checkRuns.filter((check) => check.headSha === fork.headSha)).toEqual([]);
  });

  it('a push run whose token may not write the history branch warns and still succeeds', async () => {
    const sha = await world.sandbox.commit({
      repo: world.repo.fullName,
      branch: 'main',
      files: { 'CHANGELOG.md': 'x\n' },
      message: 'docs: changelog',
    });
    const readOnly = world.token();
    // actions/checkout persists the job's token for git; here it is a read-only one.
    const url = new URL(world.repo.cloneUrl);
    url.username = 'x-access-token';
    url.password = readOnly;
    const { steps } = await world.push({
      sha,
      before: baseSha,
      token: readOnly,
      url: url.href,
      steps: [{ mode: 'train', token: readOnly, 'upload-artifact': 'false' }],
    });
    const [step] = steps;
    expect(step?.errors).toEqual([]);
    expect(step?.exitCode).toBe(0);
    expect(step?.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not record the metrics of ${sha.slice(0, 7)} in modelgate-history: remote: Permission to \\S+ denied[^.]*\\. The token is read-only here`,
        ),
      ),
    ]);
    expect(step?.summary).toContain('The metrics were not recorded');
    expect(await world.historyRecord(sha)).toBeNull();
  });

  it('report of a run that belongs to no pull request posts nothing', async () => {
    const { sandbox, repo } = world;
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: baseSha,
      headBranch: 'main',
      event: 'workflow_run',
    });
    const ws = await world.workspace(baseSha, repo.cloneUrl);
    const token = world.token(REPORT_PERMISSIONS);
    const before = sandbox.requests.length;
    const step = await runStep({
      bundle: world.bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'report', token },
      event: {
        name: 'workflow_run',
        payload: workflowRunPayload({
          repo: world.scenario,
          runId: pushRunId,
          headSha: baseSha,
          headBranch: 'main',
          pullRequests: [],
        }),
      },
    });
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    expect(step.summary).toContain(
      `No open pull request has head commit ${baseSha.slice(0, 7)}; nothing was posted.`,
    );
    expect(world.restWritesSince(before)).toEqual([]);
  });

  it('report of a run whose pull request has moved on: the check on that commit, no comment', async () => {
    const { sandbox, repo } = world;
    const stale = await openPullRequest('stale', 'chore: notes', { 'NOTES.md': 'one\n' });
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: stale.headSha,
      headBranch: 'stale',
      pullRequests: [stale.number],
      artifacts: {
        'modelgate-report': { 'metrics.json': (await world.historyRecord(baseSha)) ?? '' },
      },
    });
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'stale',
      files: { 'NOTES.md': 'two\n' },
      message: 'two',
    });
    const step = await world.report({
      runId: run.id,
      pull: stale,
      token: world.token(REPORT_PERMISSIONS),
    });
    expect(step.exitCode).toBe(0);
    expect(step.summary).toContain(`#${stale.number} has moved on to`);
    const records = sandbox.records(repo.fullName);
    expect(records.comments.filter((comment) => comment.issueNumber === stale.number)).toEqual([]);
    expect(
      records.checkRuns.filter(
        (check) => check.headSha === stale.headSha && check.name === CHECK_RUN_NAME,
      ),
    ).toHaveLength(1);
  });

  describe("the sticky comment is the token's own, and a run without metrics still gates", () => {
    const fake = `${COMMENT_MARKER}\n### ✅ modelgate: passed (posted by hand)`;
    let spoofed: PullHandle;
    let plantedId = 0;
    let reportId = 0;

    /** The comments on pull request `number`. */
    function commentsOf(number: number) {
      return world.sandbox
        .records(world.repo.fullName)
        .comments.filter((comment) => comment.issueNumber === number);
    }

    /**
     * Pushes a commit to the pull request, records the training run of it that GitHub would
     * have (`run`: how it ended, what it uploaded) and runs the report job for that run.
     */
    async function reportNewCommit(
      message: string,
      run: Pick<WorkflowRunInput, 'conclusion' | 'artifacts'>,
    ) {
      await world.sandbox.commit({
        repo: world.repo.fullName,
        branch: spoofed.headRef,
        files: { 'NOTES.md': `${message}\n` },
        message,
      });
      const updated = await world.sandbox.pullRequest(world.repo.fullName, spoofed.number);
      const { id: runId } = await world.sandbox.addWorkflowRun({
        repo: world.repo.fullName,
        headSha: updated.headSha,
        headBranch: updated.headRef,
        pullRequests: [updated.number],
        ...run,
      });
      const requestsBefore = world.sandbox.requests.length;
      const reported = await world.report({
        runId,
        pull: updated,
        token: world.token(REPORT_PERMISSIONS),
        ...(run.conclusion ? { conclusion: run.conclusion } : {}),
      });
      spoofed = updated;
      return { updated, runId, reported, requestsBefore };
    }

    function gateCheckOf(sha: string) {
      return world.sandbox
        .records(world.repo.fullName)
        .checkRuns.find((check) => check.headSha === sha && check.name === CHECK_RUN_NAME);
    }

    it("a user's comment carrying the marker is left alone and the Action posts its own", async () => {
      spoofed = await openPullRequest('spoofed', 'feat: three epochs', {
        '.github/modelgate.yml': modelgateConfig(3),
      });
      // Anyone who may comment can paste the marker; here a user, before the first report.
      const mallory = new Octokit({
        baseUrl: world.sandbox.apiUrl,
        auth: world.sandbox.createToken({
          repo: world.repo.fullName,
          permissions: { issues: 'write', metadata: 'read' },
          actor: 'mallory',
        }),
      });
      const { data: planted } = await mallory.rest.issues.createComment({
        owner: world.repo.owner,
        repo: world.repo.name,
        issue_number: spoofed.number,
        body: fake,
      });
      plantedId = planted.id;

      const trained = await world.trainPullRequest({ pull: spoofed, title: 'feat: three epochs' });
      const reported = await world.report({
        runId: trained.runId,
        pull: spoofed,
        token: world.token(REPORT_PERMISSIONS),
      });
      expect(reported.errors).toEqual([]);
      expect(reported.warnings).toEqual([]);
      expect(reported.outputs.gate).toBe('pass');

      const comments = commentsOf(spoofed.number);
      expect(comments.find((comment) => comment.id === plantedId)).toMatchObject({
        body: fake,
        user: { login: 'mallory' },
      });
      const own = comments.filter((comment) => comment.user.login === 'github-actions[bot]');
      expect(own).toHaveLength(1);
      expect(own[0]?.body.startsWith(COMMENT_MARKER)).toBe(true);
      expect(own[0]?.body).toContain(spoofed.headSha.slice(0, 7));
      reportId = own[0]?.id ?? 0;
      // The check links to the Action's comment, not to the planted one.
      expect(gateCheckOf(spoofed.headSha)).toMatchObject({
        conclusion: 'success',
        detailsUrl: expect.stringMatching(new RegExp(`#issuecomment-${reportId}$`)),
      });
    });

    it('a failed training run of a new commit fails the gate on that commit and replaces the passing comment', async () => {
      // The training job failed before it could upload anything.
      const { updated, reported } = await reportNewCommit('breaks training', {
        conclusion: 'failure',
      });
      expect(reported.errors).toEqual([]);
      expect(reported.exitCode).toBe(0);
      expect(reported.outputs.gate).toBe('fail');
      expect(reported.summary).toContain('Gate failed: the training run did not succeed');

      expect(gateCheckOf(updated.headSha)).toMatchObject({
        status: 'completed',
        conclusion: 'failure',
        output: { title: 'Gate failed: the training run did not succeed' },
      });
      const report = commentsOf(spoofed.number).find((comment) => comment.id === reportId);
      expect(report?.body.startsWith(COMMENT_MARKER)).toBe(true);
      expect(report?.body).toContain('the training run did not succeed');
      expect(report?.body).toMatch(/ended with `failure`, so there are no metrics to gate on/);
      expect(report?.body).toContain(updated.headSha.slice(0, 7));
      expect(report?.body).not.toContain('passed');
      expect(commentsOf(spoofed.number).find((comment) => comment.id === plantedId)?.body).toBe(
        fake,
      );
    });

    it('an invalid artifact fails the gate and the comment says what was wrong', async () => {
      const { updated, reported, runId } = await reportNewCommit('odd metrics', {
        artifacts: { 'modelgate-report': { 'metrics.json': '{"schema": "modelgate/metrics@1"' } },
      });
      expect(reported.errors).toEqual([]);
      expect(reported.exitCode).toBe(0);
      expect(reported.outputs.gate).toBe('fail');
      expect(gateCheckOf(updated.headSha)).toMatchObject({
        conclusion: 'failure',
        output: { title: 'Gate failed: the modelgate-report artifact is invalid' },
      });
      const report = commentsOf(spoofed.number).find((comment) => comment.id === reportId);
      expect(report?.body).toContain('was rejected; the gate only reads a valid report');
      expect(report?.body).toMatch(
        new RegExp(
          `\`\`\`text\\nartifact modelgate-report of run ${runId}: metrics\\.json is not valid JSON`,
        ),
      );
    });

    it('a skipped run without the artifact is nothing to report: no write', async () => {
      const { updated, reported, requestsBefore } = await reportNewCommit('docs only', {
        conclusion: 'skipped',
      });
      expect(reported.errors).toEqual([]);
      expect(reported.exitCode).toBe(0);
      expect(world.restWritesSince(requestsBefore)).toEqual([]);
      expect(gateCheckOf(updated.headSha)).toBeUndefined();
    });
  });

  it("the App's report on the pull request stays the App's: the Action posts and edits its own beside it", async () => {
    const { sandbox, repo } = world;
    const opened = await openPullRequest('beside-the-app', 'chore: app notes', { 'APP.md': 'x\n' });
    // The modelgate App is installed too and reported first, as `modelgate[bot]`.
    const app = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createInstallationToken(sandbox.createInstallation().id),
    });
    const appBody = `${COMMENT_MARKER}\n### ✅ modelgate: passed (the App's report)`;
    const { data: appComment } = await app.rest.issues.createComment({
      owner: repo.owner,
      repo: repo.name,
      issue_number: opened.number,
      body: appBody,
    });
    expect(appComment.user?.type).toBe('Bot');
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: opened.headSha,
      headBranch: opened.headRef,
      pullRequests: [opened.number],
      artifacts: {
        'modelgate-report': { 'metrics.json': (await world.historyRecord(baseSha)) ?? '' },
      },
    });

    for (const attempt of [1, 2]) {
      const reported = await world.report({
        runId: run.id,
        pull: opened,
        token: world.token(REPORT_PERMISSIONS),
      });
      expect({ attempt, errors: reported.errors, warnings: reported.warnings }).toEqual({
        attempt,
        errors: [],
        warnings: [],
      });
    }

    const comments = sandbox
      .records(repo.fullName)
      .comments.filter((comment) => comment.issueNumber === opened.number);
    expect(comments).toHaveLength(2);
    expect(comments.find((comment) => comment.id === appComment.id)?.body).toBe(appBody);
    const own = comments.find((comment) => comment.id !== appComment.id);
    expect(own?.user.login).toBe('github-actions[bot]');
    expect(own?.body.startsWith(`${COMMENT_MARKER}\n${ACTION_WRITER_MARKER}\n`)).toBe(true);
  });

  it("an invalid config on the default branch fails the gate, replaces the comment and fails the step, as the App's does", async () => {
    const { sandbox, repo } = world;
    const config = '.github/modelgate-broken.yml';
    const typo = modelgateConfig(2).replace('metric: accuracy, min', 'metric: acuracy, min');
    const wrongTask = modelgateConfig(2).replace(
      'metric: accuracy, min: 0.5',
      'metric: rmse, max: 1',
    );
    // Beside the repository's own config, so the tests after this one keep a valid gate; the
    // 'config' input points the report at it.
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: { [config]: typo, '.github/modelgate-rmse.yml': wrongTask },
      message: 'chore: a gate with mistakes',
    });
    const opened = await openPullRequest('bad-gate', 'chore: notes', { 'NOTES.md': 'one\n' });
    const metrics = (await world.historyRecord(baseSha)) ?? '';
    /** A successful training run of `pull`'s head, reported with `token` and `inputs`. */
    async function reportOf(pull: PullHandle, token: string, inputs: Record<string, string> = {}) {
      const run = await sandbox.addWorkflowRun({
        repo: repo.fullName,
        headSha: pull.headSha,
        headBranch: pull.headRef,
        pullRequests: [pull.number],
        artifacts: { 'modelgate-report': { 'metrics.json': metrics } },
      });
      return world.report({ runId: run.id, pull, token, inputs });
    }
    const passed = await reportOf(opened, world.token(REPORT_PERMISSIONS));
    expect(passed.outputs.gate).toBe('pass');

    // The next commit is judged while the default branch's config has a typo.
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'bad-gate',
      files: { 'NOTES.md': 'two\n' },
      message: 'two',
    });
    const pull = await sandbox.pullRequest(repo.fullName, opened.number);
    const failed = await reportOf(pull, world.token(REPORT_PERMISSIONS), { config });
    const message = expect.stringMatching(
      /^\.github\/modelgate-broken\.yml@main: gate\[0\]\.metric 'acuracy' is not a known metric/,
    );
    expect(failed.exitCode).toBe(1);
    expect(failed.errors).toEqual([message]);
    expect(failed.warnings).toEqual([]);
    expect(failed.outputs.gate).toBe('fail');
    const [detail = ''] = failed.errors;
    const records = sandbox.records(repo.fullName);
    const check = records.checkRuns.find(
      (candidate) => candidate.headSha === pull.headSha && candidate.name === CHECK_RUN_NAME,
    );
    expect(check).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Gate failed: the modelgate config on the default branch is invalid' },
    });
    expect(check?.output.summary).toContain(`\`\`\`text\n${detail}\n\`\`\``);
    const comments = records.comments.filter((comment) => comment.issueNumber === pull.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comments[0]?.body).toContain(
      `The gate reads its rules from <code>${config}</code> on the default branch, and that file has a problem:`,
    );
    expect(comments[0]?.body).toContain(detail);
    expect(comments[0]?.body).toContain(pull.headSha.slice(0, 7));
    expect(comments[0]?.body).not.toContain('passed');
    expect(failed.summary).toContain(
      'Gate failed: the modelgate config on the default branch is invalid',
    );

    // A rule the run's task cannot have is a config mistake too; with a read-only token the
    // writes only warn, and the step still fails with the config's sentence.
    const readOnly = await reportOf(pull, world.token(), { config: '.github/modelgate-rmse.yml' });
    expect(readOnly.exitCode).toBe(1);
    expect(readOnly.errors).toEqual([
      expect.stringMatching(
        /^\.github\/modelgate-rmse\.yml@main: gate\[0\]\.metric 'rmse' is not a classification metric/,
      ),
    ]);
    expect(readOnly.warnings).toEqual([
      expect.stringMatching(/^Could not post the sticky comment on #\d+: .+ \(HTTP 403\)/),
      expect.stringMatching(/^Could not publish the gate check on [0-9a-f]{7}: .+ \(HTTP 403\)/),
    ]);
    expect(readOnly.summary).toContain('Could not post the sticky comment');
    expect(readOnly.summary).toContain('Could not publish the gate check');
  });

  it('working-directory: a model in a subdirectory of the repository', async () => {
    const sha = await world.sandbox.commit({
      repo: world.repo.fullName,
      branch: 'subdir',
      files: {
        'ml/.github/modelgate.yml': modelgateConfig(1),
        'ml/data/train.csv': await tinyDataset(),
      },
      message: 'a second model under ml/',
    });
    const { steps, workspace } = await world.push({
      sha,
      branch: 'subdir',
      url: world.repo.cloneUrl,
      steps: [
        { mode: 'train', 'working-directory': 'ml', 'upload-artifact': 'false' },
        { mode: 'train', 'working-directory': 'nope' },
      ],
    });
    const [inSubdirectory, missing] = steps;
    expect(inSubdirectory?.errors).toEqual([]);
    expect(inSubdirectory?.outputs['report-path']).toBe(join(workspace, 'ml', '.modelgate/run'));
    const metrics = MetricsReportSchema.parse(
      JSON.parse(await readFile(join(workspace, 'ml', '.modelgate/run/metrics.json'), 'utf8')),
    );
    expect(metrics.data.path).toBe('data/train.csv');
    expect(metrics.git?.sha).toBe(sha);

    expect(missing?.exitCode).toBe(1);
    expect(missing?.errors).toEqual([
      expect.stringMatching(
        /^The 'working-directory' input \S+\/nope cannot be entered \(ENOENT.*\); expected the directory of the repository checkout\.$/,
      ),
    ]);
  });

  it('a user mistake fails the step with one sentence naming it, no stack trace', async () => {
    const { steps } = await world.push({
      sha: await world.mainSha(),
      url: world.repo.cloneUrl,
      steps: [{ mode: 'deploy' }, { mode: 'train', config: 'ml/missing.yml' }],
    });
    const [badMode, noConfig] = steps;
    expect(badMode?.exitCode).toBe(1);
    expect(badMode?.errors).toEqual([
      `Invalid 'mode' input: expected one of "train", "report", "release", "monitor", got "deploy".`,
    ]);
    expect(noConfig?.exitCode).toBe(1);
    expect(noConfig?.errors).toEqual([
      "No config file at ml/missing.yml: add one with at least `data: { path: <csv>, label: <column> }`, or point the 'config' input at it.",
    ]);
    expect(noConfig?.stdout).not.toMatch(/^\s+at /m);
  });

  it("every request the Action made matched GitHub's OpenAPI description", () => {
    expect(
      world.sandbox.requests.filter((entry) => entry.operation !== null).length,
    ).toBeGreaterThan(30);
    expect(world.sandbox.violations).toEqual([]);
    expect(world.sandbox.serverErrors).toEqual([]);
  });
});
