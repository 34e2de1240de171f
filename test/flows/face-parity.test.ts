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
import { accuracyOf, predictionsCsv, SIGNIFICANCE_CONFIG } from './significance-fixtures.ts';
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
  kind: RepoKind;
  repo: RepoHandle;
  target: Target;
}

const INVALID_CONFIG = 'gate:\n  - { metric: accuracy, max_dorp: 0.01 }\n';

/**
 * What kind of repository the scenarios run in: one whose model modelgate trains (a TF.js
 * model in the artifact), and one that trains elsewhere and passes `predictions:` (the
 * artifact carries an `external` model packed as one archive, the config names the framework).
 */
interface RepoKind {
  name: string;
  config(yaml: string): string;
  artifact(report: MetricsReport): Record<string, string>;
}

const KINDS: RepoKind[] = [
  { name: 'trained', config: (yaml) => yaml, artifact: reportArtifact },
  {
    name: 'predictions-only',
    config: (yaml) => `${yaml}model: { framework: scikit-learn }\n`,
    artifact: (report) => {
      const external = {
        ...report,
        n_train: 0,
        model: { type: 'external', params: 0, bytes: 13, backend: 'none' },
      };
      // The TF.js model files are the trained kind's; this run releases its own archive.
      const files = Object.fromEntries(
        Object.entries(reportArtifact(external)).filter(([path]) => !path.startsWith('model/')),
      );
      return { ...files, 'model/model.tar.gz': 'packed folder' };
    },
  },
];

async function makeSide(
  face: Face,
  name: string,
  config: string | null,
  kind: RepoKind,
): Promise<Side> {
  const files: Record<string, string> = {
    'README.md': '# model\n',
    '.github/workflows/modelgate.yml': WORKFLOW_YAML,
  };
  if (config !== null) files['.github/modelgate.yml'] = config;
  const repo = await h.sandbox.createRepo({ name: `${name}-${face}`, files });
  h.sandbox.repoRecord(repo.fullName).collaborators.set('maintainer-mia', 'maintain');
  const installationId =
    face === 'app' ? h.sandbox.createInstallation({ repositories: [repo.fullName] }).id : 0;
  return { face, kind, repo, target: { repo, installationId, baseUrl: h.sandbox.url } };
}

async function seedBaseline(
  side: Side,
  accuracy: number,
  extra: { predictions?: string | undefined; data?: boolean | undefined } = {},
): Promise<void> {
  const sha = await h.sandbox.branchSha(side.repo.fullName, 'main');
  if (sha === null) throw new Error('no main');
  const files: Record<string, string> = {
    [`history/${sha}.json`]: JSON.stringify(metricsReport({ accuracy }, sha)),
  };
  // What a default-branch run keeps beside its record, for paired tests.
  if (extra.predictions !== undefined) files[`history/${sha}.predictions.csv`] = extra.predictions;
  if (extra.data === true) {
    // The default-branch run of the baseline commit, whose artifact holds the base data summary.
    const metrics = metricsReport({ accuracy }, sha);
    await h.sandbox.addWorkflowRun({
      repo: side.repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'push',
      artifacts: {
        'modelgate-report': {
          ...side.kind.artifact(metrics),
          'data-summary.json': JSON.stringify(dataSummaryPair().base),
        },
      },
    });
  }
  await h.sandbox.commit({
    repo: side.repo.fullName,
    branch: 'modelgate-history',
    files,
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
  /** predictions.csv in the artifact beside metrics.json. */
  predictions?: string;
  /** The report also carries the changed data's summary. */
  data?: boolean;
}

function artifactsOf(
  kind: RepoKind,
  spec: RunSpec,
  sha: string,
): Record<string, Record<string, string>> {
  if (spec.report === null) return {};
  if (spec.report === 'invalid')
    return { 'modelgate-report': { 'metrics.json': '{"schema":"modelgate/metrics@1"}' } };
  const files = kind.artifact({ ...spec.report, git: { sha, ref: 'x' } });
  if (spec.predictions !== undefined) files['predictions.csv'] = spec.predictions;
  if (spec.data === true) files['data-summary.json'] = JSON.stringify(dataSummaryPair().pr);
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
    artifacts: artifactsOf(side.kind, spec, pull.headSha),
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
  return (
    (text ?? '')
      .replaceAll(`\n${ACTION_WRITER_MARKER}`, '')
      // metrics.json names its repository's commit, so its sha256 differs by construction; every
      // other asset's digest must match between the faces.
      .replace(/(\| `metrics\.json` \| `)[0-9a-f]{64}`/g, '$1<sha256>`')
      .replaceAll(side.repo.name, '<repo>')
      .replaceAll(h.sandbox.url, 'https://github.test')
      .replace(/http:\/\/sandbox\.localhost:\d+/g, 'https://github.test')
      .replace(/<!-- modelgate:(state|override) [A-Za-z0-9_-]+ -->/g, '<!-- modelgate:$1 … -->')
      .replace(/\b[0-9a-f]{40}\b/g, '<sha>')
      .replace(/\b[0-9a-f]{7}\b/g, '<sha7>')
      .replace(/\/runs\/\d+/g, '/runs/<id>')
      .replace(/#\d{3,}\b/g, '#<id>')
      .replace(/\brun \d{3,}\b/g, 'run <id>')
  );
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
  /** The baseline's predictions.csv, kept beside its history record. */
  baselinePredictions?: string;
  run: RunSpec;
  override?: boolean;
  changesWorkflow?: boolean;
  /** The pull request changes the data (a DVC pointer and the summary the run keeps). */
  changesData?: boolean;
  expected: 'success' | 'failure';
  /** Text the App's comment must hold (the Action's is then the same). */
  says?: string;
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
  // A rule with `significance`: 2 more wrong rows of 200 fail max_drop 0.005 but not McNemar.
  ...(
    [
      [
        'within-noise',
        22,
        predictionsCsv(22),
        'success',
        '\u22121.0 points, within noise: 2 of 200 rows changed, p = 0.50',
      ],
      [
        'real-regression-tested',
        40,
        predictionsCsv(40),
        'failure',
        '\u221210.0 points, a real difference: 20 of 200 rows changed, p < 0.001',
      ],
      // A real regression whose predictions.csv claims the baseline's rows: refused, bound decides.
      [
        'forged-predictions',
        40,
        predictionsCsv(20),
        'failure',
        "gives accuracy 0.9 but the run's metrics.json says 0.8",
      ],
    ] as const
  ).map(([name, wrong, predictions, expected, says]): PullScenario => ({
    name,
    config: SIGNIFICANCE_CONFIG,
    baseline: accuracyOf(20),
    baselinePredictions: predictionsCsv(20),
    run: { report: metricsReport({ accuracy: accuracyOf(wrong) }), predictions },
    expected,
    says,
  })),
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

describe.each(
  KINDS.flatMap((kind) => SCENARIOS.map((scenario) => ({ ...scenario, kind, label: kind.name }))),
)('$label repository: $name', ({ kind, ...scenario }) => {
  test('the App and the Action publish the same gate', async () => {
    const results = [];
    for (const face of ['app', 'action'] as const) {
      const config = scenario.config === undefined ? kind.config(CONFIG_YAML) : scenario.config;
      const side = await makeSide(face, `${kind.name}-${scenario.name}`, config, kind);
      if (scenario.changesData)
        await h.sandbox.commit({
          repo: side.repo.fullName,
          branch: 'main',
          files: { 'data/train.csv.dvc': dvcPointer('a', 1000) },
          message: 'data: track with DVC',
        });
      if (scenario.baseline !== null)
        await seedBaseline(side, scenario.baseline ?? 0.9, {
          predictions: scenario.baselinePredictions,
          data: scenario.changesData,
        });
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
    if (scenario.says !== undefined) expect(app?.comments[0]).toContain(scenario.says);
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
  const files = side.kind.artifact(metricsReport({ accuracy }, sha));
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
    const workspace: Record<string, string> = {
      '.github/modelgate.yml': side.kind.config(CONFIG_YAML),
    };
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

describe.each(
  KINDS.flatMap((kind) =>
    [
      { name: 'first-release', accuracy: 0.93, releases: 1 },
      { name: 'release-after-failing-run', accuracy: 0.3, releases: 0 },
    ].map((release) => ({ ...release, kind, label: kind.name })),
  ),
)('$label repository: $name', ({ name, accuracy, releases, kind }) => {
  test('the App and the Action make the same release, deployment and check', async () => {
    const results = [];
    for (const face of ['app', 'action'] as const) {
      const side = await makeSide(face, `${kind.name}-${name}`, kind.config(CONFIG_YAML), kind);
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
    if (releases === 1 && kind.name === 'predictions-only') {
      expect(app?.releases[0]?.assets).toEqual(['metrics.json', 'model.tar.gz', 'profile.json']);
      expect(app?.releases[0]?.body).toContain(
        '| Framework | scikit-learn (trained outside modelgate) |',
      );
    }
    expect(action).toEqual(app);
  });
});
