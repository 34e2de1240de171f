import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHECK_RUN_NAME,
  DEFAULT_RUN_DIR,
  DRIFT_ARTIFACT_NAME,
  DRIFT_ISSUE_MARKER_PREFIX,
  RUN_FILES,
} from '../../src/core/constants.ts';
import type { Permissions, PullHandle } from '../../src/sandbox/index.ts';
import { ActionWorld, RELEASE_PERMISSIONS, REPORT_PERMISSIONS, runStep } from './action-world.ts';
import { logGroups } from './log-groups.ts';
import { schedulePayload } from './payloads.ts';
import type { ActionStepResult } from '../../src/sandbox/action-step.ts';
import { modelgateConfig, tinyDataset } from './scenario.ts';

/**
 * The bundled Action after the merge: `release` tags, releases and deploys the model of a
 * pull request that passed its gate (and nothing else), and `monitor` compares production
 * data with the released profile, opening and then closing the drift issue.
 */

let world: ActionWorld;
let baseSha = '';
let pull: PullHandle;
/** The merge commit of `pull`, released first. */
let mergedA = '';

beforeAll(async () => {
  world = await ActionWorld.start();
  const { sandbox, repo } = world;
  // The story so far: a baseline on main, a pull request whose gate passed.
  baseSha = await world.mainSha();
  const baseline = await world.push({
    sha: baseSha,
    token: world.token({ contents: 'write', metadata: 'read' }),
    steps: [{ mode: 'train' }],
  });
  expect(baseline.steps[0]?.exitCode).toBe(0);
  await sandbox.commit({
    repo: repo.fullName,
    branch: 'train-longer',
    files: { '.github/modelgate.yml': modelgateConfig(4) },
    message: 'feat: train for four epochs',
  });
  pull = await sandbox.openPullRequest({
    repo: repo.fullName,
    head: 'train-longer',
    title: 'feat: train for four epochs',
  });
  const trained = await world.trainPullRequest({ pull, title: 'feat: train for four epochs' });
  const reported = await world.report({
    runId: trained.runId,
    pull,
    token: world.token(REPORT_PERMISSIONS),
  });
  expect(reported.outputs.gate).toBe('pass');
  expect(
    sandbox.records(repo.fullName).checkRuns.find((check) => check.headSha === pull.headSha),
  ).toMatchObject({ name: CHECK_RUN_NAME, conclusion: 'success' });
});

afterAll(async () => {
  await world?.close();
});

describe('the bundled Action after the merge', () => {
  it('release after the gated merge: tag, release with assets, deployment; a rerun changes nothing', async () => {
    const { sandbox, repo } = world;
    const merged = await sandbox.mergePullRequest({ repo: repo.fullName, number: pull.number });
    mergedA = merged;
    const token = world.token(RELEASE_PERMISSIONS);
    const { steps } = await world.push({
      sha: merged,
      before: baseSha,
      token,
      steps: [
        { mode: 'train', token },
        { mode: 'release', token },
        { mode: 'release', token },
      ],
    });
    const [trained, released, again] = steps;
    expect(trained?.outputs.gate).toBe('pass');
    expect(await world.historyRecord(merged)).not.toBeNull();

    expect(released?.errors).toEqual([]);
    expect(released?.exitCode).toBe(0);
    expect(released?.outputs.tag).toBe('model-v0.1.0');
    expect(released?.summary).toContain('model-v0.1.0');
    expect(logGroups(released?.stdout ?? '')).toEqual(['Load the config', 'Publish']);
    expect(released?.summary).toContain(`#${pull.number}`);
    expect(again?.exitCode).toBe(0);
    expect(again?.outputs.tag).toBe('model-v0.1.0');

    const records = sandbox.records(repo.fullName);
    expect(records.releases).toHaveLength(1);
    expect(records.releases[0]?.tagName).toBe('model-v0.1.0');
    // The notes list exactly the files attached, by the names they have on the release, each
    // with its sha256.
    const listed = (records.releases[0]?.body ?? '').split('### Assets')[1] ?? '';
    const rows = [...listed.matchAll(/^\| `([^`]+)` \| `([0-9a-f]{64})` \|/gm)];
    expect(rows.map((match) => match[1]).sort()).toEqual(
      records.releases[0]?.assets.map((asset) => asset.name).sort(),
    );
    expect(records.releases[0]?.assets.map((asset) => asset.name).sort()).toEqual([
      'calibration.json',
      'metrics.json',
      'model.json',
      'preprocessing.json',
      'profile.json',
      'weights.bin',
    ]);
    expect(await sandbox.gitRepo(repo.fullName).resolve('refs/tags/model-v0.1.0')).toBe(merged);
    expect(records.deployments).toHaveLength(1);
    expect(records.deployments[0]).toMatchObject({ sha: merged, environment: 'production' });
    expect(records.deployments[0]?.statuses.map((status) => status.state)).toEqual(['success']);
  });

  it('release leaves a direct push to the default branch alone: it has no gate verdict', async () => {
    const { sandbox, repo } = world;
    const sha = await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: { 'NOTES.md': 'hotfix\n' },
      message: 'hotfix',
    });
    const token = world.token(RELEASE_PERMISSIONS);
    const { steps } = await world.push({
      sha,
      token,
      steps: [
        { mode: 'train', token },
        { mode: 'release', token },
      ],
    });
    const released = steps[1];
    expect(released?.exitCode).toBe(0);
    expect(released?.outputs.tag).toBe('');
    expect(released?.stdout).toContain(
      `::notice::Commit ${sha.slice(0, 7)} was not merged from a pull request`,
    );
    expect(sandbox.records(repo.fullName).releases).toHaveLength(1);
  });

  /** Opens a pull request from a new branch, gates it (it passes) and merges it. */
  async function mergeGatedPull(
    branch: string,
    title: string,
    labels: string[] = [],
  ): Promise<string> {
    const { sandbox, repo } = world;
    await sandbox.commit({
      repo: repo.fullName,
      branch,
      files: { 'NOTES.md': `notes of ${branch}\n` },
      message: title,
    });
    const pullRequest = await sandbox.openPullRequest({
      repo: repo.fullName,
      head: branch,
      title,
      labels,
    });
    const trained = await world.trainPullRequest({ pull: pullRequest, title });
    const reported = await world.report({
      runId: trained.runId,
      pull: pullRequest,
      token: world.token(REPORT_PERMISSIONS),
    });
    expect(reported.outputs.gate).toBe('pass');
    return sandbox.mergePullRequest({ repo: repo.fullName, number: pullRequest.number });
  }

  async function monitor(
    scale: number,
    permissions: Permissions = { contents: 'read', issues: 'write', metadata: 'read' },
  ): Promise<ActionStepResult & { runId: number }> {
    const { sandbox, repo } = world;
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
    const ws = await world.workspace(sha, repo.cloneUrl);
    const token = world.token(permissions);
    const step = await runStep({
      bundle: world.bundle,
      workspace: ws,
      env: sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'monitor', token },
      event: { name: 'schedule', payload: schedulePayload() },
    });
    return { ...step, runId: run.id };
  }

  const driftArtifacts = (runId: number) =>
    world.sandbox.uploadedArtifacts.filter(
      (artifact) => artifact.runId === runId && artifact.name === DRIFT_ARTIFACT_NAME,
    );

  it('monitor: drift against the release profile opens the issue, clean data closes it', async () => {
    const drifted = await monitor(3);
    expect(drifted.errors).toEqual([]);
    expect(drifted.exitCode).toBe(0);
    expect(drifted.outputs.drift).toBe('true');
    expect(logGroups(drifted.stdout)).toEqual([
      'Load the config',
      'Read the data',
      'Compare',
      'Upload',
      'Publish',
    ]);
    const drift: unknown = JSON.parse(await readFile(drifted.outputs['report-path'] ?? '', 'utf8'));
    // Named as in the repository, not by the runner's absolute path.
    expect(drift).toMatchObject({
      schema: 'modelgate/drift@1',
      dataset_drift: true,
      current: { source: 'monitoring/current.csv', rows: 60 },
    });
    const issuesOf = () =>
      [...world.sandbox.records(world.repo.fullName).issues.values()].filter(
        (issue) => issue.pull === null,
      );
    expect(issuesOf()).toHaveLength(1);
    expect(issuesOf()[0]).toMatchObject({ state: 'open', labels: ['drift'] });
    expect(issuesOf()[0]?.body).toContain(`${DRIFT_ISSUE_MARKER_PREFIX} model-v0.1.0 -->`);
    // The same body as the App writes: the release and the monitoring run that found it.
    expect(issuesOf()[0]?.body).toMatch(
      /Production data of model \*\*model-v0\.1\.0\*\*, checked by \[/,
    );
    expect(drifted.summary).toContain(`Drift issue [#${issuesOf()[0]?.number}]`);
    // The run attempt's marker, so that the App, seeing the same run, writes nothing.
    expect(issuesOf()[0]?.body).toContain(`<!-- modelgate:drift-run ${drifted.runId}:1 -->`);
    expect(driftArtifacts(drifted.runId)).toHaveLength(1);

    const clean = await monitor(1);
    expect(clean.exitCode).toBe(0);
    expect(clean.outputs.drift).toBe('false');
    expect(issuesOf()).toHaveLength(1);
    expect(issuesOf()[0]?.state).toBe('closed');
    expect(driftArtifacts(clean.runId)).toHaveLength(1);

    // A token that may not write issues: the artifact is uploaded for the App, the step passes
    // and its summary says who writes the issue.
    const readOnly = await monitor(3, { contents: 'read', issues: 'read', metadata: 'read' });
    expect(readOnly.exitCode).toBe(0);
    expect(readOnly.errors).toEqual([]);
    expect(readOnly.outputs.drift).toBe('true');
    expect(driftArtifacts(readOnly.runId)).toHaveLength(1);
    expect(readOnly.summary).toContain('is left to the modelgate App');
    expect(issuesOf().map((issue) => issue.state)).toEqual(['closed']);
  });

  it('monitor with performance rules: the drift and performance sections, byte for byte', async () => {
    const { sandbox, repo } = world;
    // The production data carries its labels (`target`), so the rules judge realised metrics.
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: {
        '.github/modelgate.yml': modelgateConfig(4).replace(
          'labels: [drift] }',
          'labels: [drift], performance: { rules: [{ metric: accuracy, max_drop: 0.05 }] } }',
        ),
      },
      message: 'monitor the released model on labelled data',
    });
    const measured = await monitor(1, { contents: 'write', issues: 'write', metadata: 'read' });
    expect(measured.errors).toEqual([]);
    expect(measured.exitCode).toBe(0);
    expect(logGroups(measured.stdout)).toEqual([
      'Load the config',
      'Read the data',
      'Compare',
      'Evaluate',
      'Upload',
      'Publish',
    ]);
    expect(Object.keys(measured.outputs).sort()).toEqual([
      'drift',
      'performance-drop',
      'report-path',
    ]);
    // Pinned whole: splitting the monitor mode into modules must not move a byte of it.
    const stable = (text: string) =>
      text
        .replaceAll(String(measured.runId), '<run>')
        .replace(/http:\/\/[a-z0-9.]+:\d+/g, '<server>');
    expect(stable(measured.summary)).toMatchSnapshot();
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'main',
      files: { '.github/modelgate.yml': modelgateConfig(4) },
      message: 'monitor drift only again',
    });
  });

  it('release re-run on an older merge after a newer release finds its tag and makes nothing', async () => {
    const { sandbox, repo } = world;
    // Merge B after A: a second gated pull request, released as the next version.
    const mergedB = await mergeGatedPull('docs-b', 'fix: notes');
    const token = world.token(RELEASE_PERMISSIONS);
    const b = await world.push({
      sha: mergedB,
      token,
      steps: [
        { mode: 'train', token },
        { mode: 'release', token },
      ],
    });
    expect(b.steps[1]?.errors).toEqual([]);
    expect(b.steps[1]?.outputs.tag).toBe('model-v0.1.1');

    // Re-running A's push run: A is no longer the newest release, and must still be found.
    const writesBefore = sandbox.requests.length;
    const a = await world.push({
      sha: mergedA,
      token,
      steps: [
        { mode: 'train', token },
        { mode: 'release', token },
      ],
    });
    const rerun = a.steps[1];
    expect(rerun?.errors).toEqual([]);
    expect(rerun?.exitCode).toBe(0);
    expect(rerun?.outputs.tag).toBe('model-v0.1.0');
    expect(rerun?.stdout).toContain('Already released as model-v0.1.0');
    expect(rerun?.summary).toContain(
      `Commit ${mergedA.slice(0, 7)} was already released as model-v0.1.0`,
    );
    // Nothing written to tags, releases or deployments (the train step's history is its own).
    expect(
      world
        .restWritesSince(writesBefore)
        .filter((write) => /\/(git\/refs|releases|deployments)/.test(write)),
    ).toEqual([]);
    const records = sandbox.records(repo.fullName);
    expect(records.releases.map((release) => release.tagName)).toEqual([
      'model-v0.1.0',
      'model-v0.1.1',
    ]);
    expect(records.deployments.filter((deployment) => deployment.sha === mergedA)).toHaveLength(1);
  });

  it('release with a run directory missing a file tags nothing, so the version stays free', async () => {
    const { sandbox, repo } = world;
    const mergedC = await mergeGatedPull('docs-c', 'fix: more notes');
    const token = world.token(RELEASE_PERMISSIONS);
    const writesBefore = sandbox.requests.length;
    let tagWritesOfFirstRelease: string[] = [];
    let profile = '';
    const { steps } = await world.push({
      sha: mergedC,
      token,
      steps: [
        { mode: 'train', token },
        { mode: 'release', token },
        { mode: 'release', token },
      ],
      beforeStep: async (index, workspace) => {
        const path = join(workspace, DEFAULT_RUN_DIR, RUN_FILES.profile);
        if (index === 1) {
          // A script step between train and release removed a file the release needs.
          profile = await readFile(path, 'utf8');
          await rm(path);
        } else if (index === 2) {
          tagWritesOfFirstRelease = world
            .restWritesSince(writesBefore)
            .filter((write) => write.includes('/git/refs'));
          await writeFile(path, profile);
        }
      },
    });
    const [, broken, fixed] = steps;
    expect(broken?.exitCode).not.toBe(0);
    expect(broken?.errors).toEqual([
      "The run directory has no profile.json; run a 'train' step before 'release'.",
    ]);
    expect(tagWritesOfFirstRelease).toEqual([]);
    // The version the failed release would have taken is the one the fixed release gets.
    expect(fixed?.errors).toEqual([]);
    expect(fixed?.outputs.tag).toBe('model-v0.1.2');
    expect(await sandbox.gitRepo(repo.fullName).resolve('refs/tags/model-v0.1.2')).toBe(mergedC);
  });

  it('release of a pull request labelled release:skip writes nothing and needs no run files', async () => {
    const mergedD = await mergeGatedPull('docs-d', 'feat: skipped', ['release:skip']);
    const token = world.token(RELEASE_PERMISSIONS);
    const writesBefore = world.sandbox.requests.length;
    const { steps } = await world.push({
      sha: mergedD,
      token,
      steps: [
        { mode: 'train', token },
        { mode: 'release', token },
      ],
      beforeStep: async (index, workspace) => {
        if (index === 1) await rm(join(workspace, DEFAULT_RUN_DIR, RUN_FILES.profile));
      },
    });
    const skipped = steps[1];
    expect(skipped?.errors).toEqual([]);
    expect(skipped?.exitCode).toBe(0);
    expect(skipped?.stdout).toContain('is labelled release:skip: nothing was released.');
    expect(
      world
        .restWritesSince(writesBefore)
        .filter((write) => /\/(git\/refs|releases|deployments)/.test(write)),
    ).toEqual([]);
  });

  it("every request the Action made matched GitHub's OpenAPI description", () => {
    expect(world.sandbox.violations).toEqual([]);
    expect(world.sandbox.serverErrors).toEqual([]);
  });
});
