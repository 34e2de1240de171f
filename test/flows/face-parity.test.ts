import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from '../../scripts/bundle.mjs';
import { ACTION_WRITER_MARKER } from '../../src/core/constants.ts';
import type { MetricsReport } from '../../src/core/metrics-report.ts';
import { runActionStep } from '../../src/sandbox/action-step.ts';
import type { WorkflowRunRecord } from '../../src/sandbox/model.ts';
import type { PullHandle, RepoHandle } from '../../src/sandbox/state-api.ts';
import { RELEASE_PERMISSIONS, REPORT_PERMISSIONS } from '../action/action-world.ts';
import { CONFIG_YAML, metricsReport, reportArtifact, WORKFLOW_YAML } from '../app/fixtures.ts';
import { startHarness, type Harness } from '../app/harness.ts';
import { issueCommentCreated, workflowRunCompleted, type Target } from '../app/payloads.ts';
import { dataSummaryPair, dvcPointer } from '../support/data-summaries.ts';

/**
 * One decision, two faces: every scenario runs once through the App (signed webhooks to the
 * real Probot server) and once through the bundled Action's `report` and `release` modes (a
 * child process with a runner's environment), each on its own copy of the same repository in
 * one sandbox, and the two must publish the same gate check, the same sticky comment (up to
 * the Action's writer marker) and the same releases and deployments.
 */

let h: Harness;
let bundle: string;
let bundleDir: string;
const temps: string[] = [];

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'modelgate-parity-dist-'));
  bundle = (await bundleAction({ outDir: bundleDir })).outFile;
  h = await startHarness();
  for (const login of ['maintainer-mia']) h.sandbox.account(login);
});
afterAll(async () => {
  await h?.close();
  for (const dir of [bundleDir, ...temps]) await rm(dir, { recursive: true, force: true });
});

type Face = 'app' | 'action';

/** One face's copy of the scenario's repository. */
interface Side {
  face: Face;
  repo: RepoHandle;
  target: Target;
}

const INVALID_CONFIG = 'gate:\n  - { metric: accuracy, max_dorp: 0.01 }\n';

async function makeSide(face: Face, name: string, config: string | null): Promise<Side> {
  const files: Record<string, string> = {
    'README.md': '# model\n',
    '.github/workflows/modelgate.yml': WORKFLOW_YAML,
  };
  if (config !== null) files['.github/modelgate.yml'] = config;
  const repo = await h.sandbox.createRepo({ name: `${name}-${face}`, files });
  h.sandbox.repoRecord(repo.fullName).collaborators.set('maintainer-mia', 'maintain');
  const installationId =
    face === 'app' ? h.sandbox.createInstallation({ repositories: [repo.fullName] }).id : 0;
  return { face, repo, target: { repo, installationId, baseUrl: h.sandbox.url } };
}

async function seedBaseline(side: Side, accuracy: number, data = false): Promise<void> {
  const sha = await h.sandbox.branchSha(side.repo.fullName, 'main');
  if (sha === null) throw new Error('no main');
  if (data) {
    // The default-branch run of the baseline commit, whose artifact holds the base data summary.
    const metrics = metricsReport({ accuracy }, sha);
    await h.sandbox.addWorkflowRun({
      repo: side.repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'push',
      artifacts: {
        'modelgate-report': {
          ...reportArtifact(metrics),
          'data-summary.json': JSON.stringify(dataSummaryPair().base),
        },
      },
    });
  }
  await h.sandbox.commit({
    repo: side.repo.fullName,
    branch: 'modelgate-history',
    files: { [`history/${sha}.json`]: JSON.stringify(metricsReport({ accuracy }, sha)) },
    message: `modelgate: metrics of ${sha}`,
  });
}

async function openPull(side: Side, files: Record<string, string> = {}): Promise<PullHandle> {
  await h.sandbox.commit({
    repo: side.repo.fullName,
    branch: 'change',
    files: { 'src/model.txt': 'v2\n', ...files },
    message: 'feat: a better model',
  });
  return h.sandbox.openPullRequest({
    repo: side.repo.fullName,
    head: 'change',
    title: 'feat: a better model',
  });
}

/** A pull request's training run and what it uploaded. */
interface RunSpec {
  conclusion?: 'success' | 'failure';
  /** The report's metrics; `invalid`: a broken metrics.json; null: no artifact. */
  report: MetricsReport | 'invalid' | null;
  /** The report also carries the changed data's summary. */
  data?: boolean;
}

function artifactsOf(spec: RunSpec, sha: string): Record<string, Record<string, string>> {
  if (spec.report === null) return {};
  if (spec.report === 'invalid')
    return { 'modelgate-report': { 'metrics.json': '{"schema":"modelgate/metrics@1"}' } };
  const files = reportArtifact({ ...spec.report, git: { sha, ref: 'x' } });
  if (spec.data) files['data-summary.json'] = JSON.stringify(dataSummaryPair().pr);
  return { 'modelgate-report': files };
}

async function addRun(side: Side, pull: PullHandle, spec: RunSpec): Promise<WorkflowRunRecord> {
  return h.sandbox.addWorkflowRun({
    repo: side.repo.fullName,
    headSha: pull.headSha,
    headBranch: pull.headRef,
    event: 'pull_request',
    conclusion: spec.conclusion ?? 'success',
    pullRequests: [pull.number],
    artifacts: artifactsOf(spec, pull.headSha),
  });
}

/** Runs the bundled Action for an event in `side`'s repository, as a workflow job would. */
async function actionStep(
  side: Side,
  run: WorkflowRunRecord,
  inputs: Record<string, string>,
  event: { name: string; payload: unknown },
  files: Record<string, string> = {},
) {
  const workspace = await mkdtemp(join(tmpdir(), 'modelgate-parity-ws-'));
  temps.push(workspace);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), text);
  }
  // What the example workflows grant: the report job, and the push job that releases.
  const permissions =
    inputs.mode === 'release'
      ? { ...RELEASE_PERMISSIONS, ...REPORT_PERMISSIONS, deployments: 'write' as const }
      : REPORT_PERMISSIONS;
  const token = h.sandbox.createToken({ repo: side.repo.fullName, permissions });
  return runActionStep({
    bundle,
    workspace,
    env: h.sandbox.runnerEnvironment(run, { token, workspace }),
    inputs: { mode: inputs.mode ?? 'report', token, ...inputs },
    event,
    runnerTemp: workspace,
    timeoutMs: 45_000,
  });
}

/** The report job's own run (a `workflow_run` workflow on the default branch). */
async function reportJobRun(side: Side, event: string): Promise<WorkflowRunRecord> {
  const main = (await h.sandbox.branchSha(side.repo.fullName, 'main')) ?? '';
  return h.sandbox.addWorkflowRun({
    repo: side.repo.fullName,
    headSha: main,
    headBranch: 'main',
    event,
    name: 'modelgate report',
    path: '.github/workflows/modelgate-report.yml',
  });
}

/** Tells `side` that a pull request's run completed, the way its face learns of it. */
async function runCompleted(side: Side, pull: PullHandle, run: WorkflowRunRecord) {
  const payload = workflowRunCompleted(side.target, { run, pulls: [pull] });
  if (side.face === 'app') return h.deliver('workflow_run', payload);
  return actionStep(
    side,
    await reportJobRun(side, 'workflow_run'),
    {},
    { name: 'workflow_run', payload },
  );
}

async function commented(side: Side, number: number, login: string, body: string) {
  const payload = issueCommentCreated(side.target, { number, login, body });
  if (side.face === 'app') return h.deliver('issue_comment', payload);
  return actionStep(
    side,
    await reportJobRun(side, 'issue_comment'),
    {},
    { name: 'issue_comment', payload },
  );
}

/** A published text with what differs by construction (names, ids, shas, times) normalized. */
function clean(side: Side, text: string | null | undefined): string {
  return (text ?? '')
    .replaceAll(`\n${ACTION_WRITER_MARKER}`, '')
    .replaceAll(side.repo.name, '<repo>')
    .replaceAll(h.sandbox.url, 'https://github.test')
    .replace(/http:\/\/sandbox\.localhost:\d+/g, 'https://github.test')
    .replace(/<!-- modelgate:(state|override) [A-Za-z0-9_-]+ -->/g, '<!-- modelgate:$1 … -->')
    .replace(/\b[0-9a-f]{40}\b/g, '<sha>')
    .replace(/\b[0-9a-f]{7}\b/g, '<sha7>')
    .replace(/\/runs\/\d+/g, '/runs/<id>')
    .replace(/#\d{3,}\b/g, '#<id>')
    .replace(/\brun \d{3,}\b/g, 'run <id>');
}

/** The gate check and the comments a face published on a pull request. */
function published(side: Side, pull: PullHandle) {
  const records = h.sandbox.records(side.repo.fullName);
  const checks = records.checkRuns
    .filter((check) => check.headSha === pull.headSha && check.name === 'modelgate / gate')
    .map((check) => ({
      conclusion: check.conclusion,
      title: clean(side, check.output.title),
      summary: clean(side, check.output.summary),
    }));
  const comments = records.comments
    .filter((comment) => comment.issueNumber === pull.number)
    .map((comment) => clean(side, comment.body));
  return { checks, comments };
}

/** A pull request scenario: the same steps on both faces. */
interface PullScenario {
  name: string;
  config?: string | null;
  baseline?: number | null;
  run: RunSpec;
  override?: boolean;
  changesWorkflow?: boolean;
  /** The pull request changes the data (a DVC pointer and the summary the run keeps). */
  changesData?: boolean;
  expected: 'success' | 'failure';
}

const SCENARIOS: PullScenario[] = [
  {
    name: 'no-config',
    config: null,
    run: { report: metricsReport({ accuracy: 0.91 }) },
    expected: 'success',
  },
  {
    name: 'invalid-config',
    config: INVALID_CONFIG,
    run: { report: metricsReport({ accuracy: 0.91 }) },
    expected: 'failure',
  },
  { name: 'failed-run', run: { conclusion: 'failure', report: null }, expected: 'failure' },
  { name: 'success-no-report', run: { report: null }, expected: 'failure' },
  { name: 'invalid-report', run: { report: 'invalid' }, expected: 'failure' },
  { name: 'regression', run: { report: metricsReport({ accuracy: 0.85 }) }, expected: 'failure' },
  { name: 'improvement', run: { report: metricsReport({ accuracy: 0.93 }) }, expected: 'success' },
  {
    name: 'no-baseline',
    baseline: null,
    run: { report: metricsReport({ accuracy: 0.91 }) },
    expected: 'success',
  },
  {
    name: 'override',
    run: { report: metricsReport({ accuracy: 0.85 }) },
    override: true,
    expected: 'success',
  },
  {
    name: 'workflow-changed',
    run: { report: metricsReport({ accuracy: 0.93 }) },
    changesWorkflow: true,
    expected: 'failure',
  },
  {
    name: 'data-changed',
    run: {
      report: { ...metricsReport({ accuracy: 0.91 }), data: dataSummaryPair().prData },
      data: true,
    },
    changesData: true,
    expected: 'success',
  },
];

describe.each(SCENARIOS)('$name', (scenario) => {
  test('the App and the Action publish the same gate', async () => {
    const results = [];
    for (const face of ['app', 'action'] as const) {
      const side = await makeSide(
        face,
        scenario.name,
        scenario.config === undefined ? CONFIG_YAML : scenario.config,
      );
      if (scenario.changesData)
        await h.sandbox.commit({
          repo: side.repo.fullName,
          branch: 'main',
          files: { 'data/train.csv.dvc': dvcPointer('a', 1000) },
          message: 'data: track with DVC',
        });
      if (scenario.baseline !== null)
        await seedBaseline(side, scenario.baseline ?? 0.9, scenario.changesData);
      const pull = await openPull(side, {
        ...(scenario.changesWorkflow
          ? { '.github/workflows/modelgate.yml': `${WORKFLOW_YAML}# faster\n` }
          : {}),
        ...(scenario.changesData ? { 'data/train.csv.dvc': dvcPointer('b', 1200) } : {}),
      });
      await runCompleted(side, pull, await addRun(side, pull, scenario.run));
      if (scenario.override)
        await commented(
          side,
          pull.number,
          'maintainer-mia',
          '/modelgate override reviewed the drop',
        );
      results.push(published(side, pull));
    }
    const [app, action] = results;
    expect(app?.checks).toHaveLength(1);
    expect(app?.checks[0]?.conclusion).toBe(scenario.expected);
    expect(action?.checks).toEqual(app?.checks);
    expect(action?.comments).toEqual(app?.comments);
    const dataSection = app?.comments[0]?.includes('#### Data changes') ?? false;
    expect(dataSection).toBe(scenario.changesData === true);
    if (scenario.changesData) {
      for (const text of [app?.comments[0], app?.checks[0]?.summary]) {
        expect(text).toContain('**DVC:** the data tracked by **data/train.csv.dvc** changed');
        expect(text).toContain('+4 added, −2 removed');
        expect(text).toContain('The test rows changed');
      }
    }
  });
});

/** The default branch's run after a merge, as each face learns of it. */
async function mergedAndTrained(side: Side, pull: PullHandle, accuracy: number) {
  const sha = await h.sandbox.mergePullRequest({ repo: side.repo.fullName, number: pull.number });
  const files = reportArtifact(metricsReport({ accuracy }, sha));
  const run = await h.sandbox.addWorkflowRun({
    repo: side.repo.fullName,
    headSha: sha,
    headBranch: 'main',
    event: 'push',
    artifacts: side.face === 'app' ? { 'modelgate-report': files } : {},
  });
  if (side.face === 'app') {
    await h.deliver('workflow_run', workflowRunCompleted(side.target, { run }));
  } else {
    // The Action's push job: it trained into its run directory, then releases from it.
    const workspace: Record<string, string> = { '.github/modelgate.yml': CONFIG_YAML };
    for (const [path, text] of Object.entries(files)) workspace[`.modelgate/run/${path}`] = text;
    const step = await actionStep(
      side,
      run,
      { mode: 'release' },
      {
        name: 'push',
        payload: {
          ref: 'refs/heads/main',
          after: sha,
          repository: { id: side.repo.id, full_name: side.repo.fullName, default_branch: 'main' },
        },
      },
      workspace,
    );
    expect(step.exitCode, step.errors.join('\n')).toBe(accuracy < 0.5 ? 1 : 0);
  }
  return sha;
}

describe.each([
  { name: 'first-release', accuracy: 0.93, releases: 1 },
  { name: 'release-after-failing-run', accuracy: 0.3, releases: 0 },
])('$name', ({ name, accuracy, releases }) => {
  test('the App and the Action make the same release, deployment and check', async () => {
    const results = [];
    for (const face of ['app', 'action'] as const) {
      const side = await makeSide(face, name, CONFIG_YAML);
      await seedBaseline(side, 0.9);
      const pull = await openPull(side);
      await runCompleted(
        side,
        pull,
        await addRun(side, pull, { report: metricsReport({ accuracy: 0.93 }) }),
      );
      const sha = await mergedAndTrained(side, pull, accuracy);
      const records = h.sandbox.records(side.repo.fullName);
      results.push({
        releases: records.releases.map((release) => ({
          tag: release.tagName,
          body: clean(side, release.body),
          assets: release.assets.map((asset) => asset.name).sort(),
        })),
        deployments: records.deployments.map((deployment) => deployment.environment),
        check: records.checkRuns
          .filter((check) => check.headSha === sha && check.name === 'modelgate / gate')
          .map((check) => ({
            conclusion: check.conclusion,
            title: clean(side, check.output.title),
          })),
      });
    }
    const [app, action] = results;
    expect(app?.releases).toHaveLength(releases);
    expect(app?.deployments).toHaveLength(releases);
    if (releases === 0) expect(app?.check[0]?.conclusion).toBe('failure');
    expect(action).toEqual(app);
  });
});
