import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startAppServer, type AppServer } from '../../src/app/server.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { createOpenApiValidator, type OpenApiValidator } from '../support/openapi.ts';
import type { PullHandle, RepoHandle, WorkflowRunInput } from '../../src/sandbox/state-api.ts';
import type { WorkflowRunRecord } from '../../src/sandbox/model.ts';
import type { MetricsReport } from '../../src/core/metrics-report.ts';
import { CONFIG_YAML, WORKFLOW_YAML, metricsReport, reportArtifact } from './fixtures.ts';
import { workflowRunCompleted, type Target } from './payloads.ts';

/**
 * One App scenario: the sandbox playing GitHub, the real Probot server on loopback pointed at
 * it, a repository with modelgate's config and workflow, and the App installed on it.
 */
export interface Harness {
  sandbox: Sandbox;
  app: AppServer;
  repo: RepoHandle;
  target: Target;
  secret: string;
  /** POSTs a webhook signed with the App's secret (or the given signature) and waits for the work. */
  deliver(
    event: string,
    payload: Record<string, unknown>,
    options?: { signature?: string; id?: string },
  ): Promise<Delivery>;
  close(): Promise<void>;
}

export interface Delivery {
  id: string;
  status: number;
  body: string;
}

/** What the scene helpers below need: the sandbox and the repository (no App of its own). */
export type Scene = Pick<Harness, 'sandbox' | 'repo'>;

/** One validator per test file: its schemas compile once, not once per sandbox. */
let validator: OpenApiValidator | undefined;

export interface HarnessOptions {
  /** Config file of the repository; null for none. */
  config?: string | null;
  repoName?: string;
  /**
   * Check every REST exchange against GitHub's OpenAPI description (see `close`); on by
   * default. The burst test turns it off: it repeats the exchanges the other files check.
   */
  validate?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const secret = randomBytes(16).toString('hex');
  if (options.validate !== false) validator ??= createOpenApiValidator();
  const sandbox = await startSandbox(options.validate === false ? {} : { validate: validator });
  const app = await startAppServer({
    appId: sandbox.app.id,
    privateKey: sandbox.app.privateKey,
    secret,
    baseUrl: sandbox.apiUrl,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'fatal',
    // GitHub's 1 s write spacing and second-scale backoff would make every scenario take
    // minutes; the behaviour (spacing, retries) is the same at millisecond scale.
    octokit: { writeIntervalMs: 0, retryBaseMs: 5 },
  });
  sandbox.setWebhook({ url: app.webhookUrl, secret });
  const files: Record<string, string> = {
    'README.md': '# model\n',
    '.github/workflows/modelgate.yml': WORKFLOW_YAML,
  };
  const config = options.config === undefined ? CONFIG_YAML : options.config;
  if (config !== null) files['.github/modelgate.yml'] = config;
  const repo = await sandbox.createRepo({ name: options.repoName ?? 'churn-model', files });
  const { id: installationId } = sandbox.createInstallation({ repositories: [repo.fullName] });
  const target: Target = { repo, installationId, baseUrl: sandbox.url };

  const deliver: Harness['deliver'] = async (event, payload, deliveryOptions = {}) => {
    const body = JSON.stringify(payload);
    const id = deliveryOptions.id ?? randomUUID();
    const response = await fetch(app.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': id,
        'x-hub-signature-256': deliveryOptions.signature ?? sign(secret, body),
      },
      body,
    });
    const text = await response.text();
    // The middleware answers 202 when a handler outlives its 9 s budget; wait for it anyway.
    await app.idle();
    return { id, status: response.status, body: text };
  };

  return {
    sandbox,
    app,
    repo,
    target,
    secret,
    deliver,
    close: async () => {
      await app.close();
      await sandbox.close();
      // A request the App made that GitHub's description does not allow. (Response-side
      // findings are about the stand-in's answers, not about the App, and are left to its tests.)
      const ours = sandbox.violations.filter(
        (violation) => !violation.message.startsWith('response '),
      );
      if (ours.length > 0) {
        throw new Error(
          `Requests off GitHub's OpenAPI description:\n${JSON.stringify(ours, null, 2)}`,
        );
      }
    },
  };
}

export interface UseHarnessOptions extends HarnessOptions {
  /** Accuracy of a history record seeded for the default branch head (`seedBaseline`). */
  baseline?: number;
  /** More setup once the harness runs (accounts, tags), before the first test. */
  setup?: (h: Harness) => Promise<void> | void;
}

/**
 * One harness for the tests of the calling file or `describe` block: started in `beforeAll`
 * (with the baseline and setup asked for), closed in `afterAll` even when a test fails. The
 * returned object reads through to it, so it is used as a plain `Harness` inside tests.
 */
export function useHarness(options: UseHarnessOptions = {}): Harness {
  const { baseline, setup, ...harnessOptions } = options;
  let current: Harness | undefined;
  const get = (): Harness => {
    if (current === undefined)
      throw new Error('The harness starts in beforeAll; use it in a test.');
    return current;
  };
  beforeAll(async () => {
    current = await startHarness(harnessOptions);
    if (baseline !== undefined) await seedBaseline(current, baseline);
    await setup?.(current);
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get sandbox() {
      return get().sandbox;
    },
    get app() {
      return get().app;
    },
    get repo() {
      return get().repo;
    },
    get target() {
      return get().target;
    },
    get secret() {
      return get().secret;
    },
    deliver: (event, payload, deliveryOptions) => get().deliver(event, payload, deliveryOptions),
    close: () => get().close(),
  };
}

/** GitHub's `X-Hub-Signature-256`: HMAC-SHA256 of the exact body under the webhook secret. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Opens a pull request whose branch changes one file; returns its handle. */
export async function openPull(
  h: Scene,
  branch: string,
  options: { fromFork?: string; labels?: string[]; title?: string } = {},
): Promise<PullHandle> {
  await h.sandbox.commit({
    repo: h.repo.fullName,
    branch,
    files: { [`src/${branch}.txt`]: `${branch}\n` },
    message: `Change ${branch}`,
  });
  return h.sandbox.openPullRequest({
    repo: h.repo.fullName,
    head: branch,
    title: options.title ?? `Improve the model (${branch})`,
    labels: options.labels ?? [],
    ...(options.fromFork === undefined ? {} : { fromFork: options.fromFork }),
  });
}

/** Records a completed training run of the pull request's head with a metrics artifact. */
export function addPullRun(
  h: Scene,
  pull: PullHandle,
  report: MetricsReport | null,
  options: {
    conclusion?: 'success' | 'failure' | 'cancelled';
    artifacts?: Record<string, Record<string, string>>;
    /** The workflow file; the training workflow by default. */
    path?: string;
  } = {},
): Promise<WorkflowRunRecord> {
  const fork = pull.headRepo !== h.repo.fullName;
  return h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: pull.headSha,
    headBranch: pull.headRef,
    event: 'pull_request',
    conclusion: options.conclusion ?? 'success',
    pullRequests: fork ? [] : [pull.number],
    ...(options.path === undefined ? {} : { path: options.path, name: 'lint' }),
    ...(fork ? { headRepo: pull.headRepo } : {}),
    artifacts:
      options.artifacts ??
      (report === null
        ? {}
        : // The Action records the commit it trained; so does the fixture.
          {
            'modelgate-report': reportArtifact({
              ...report,
              git: { sha: pull.headSha, ref: `refs/pull/${pull.number}/merge` },
            }),
          }),
  });
}

/** Delivers `workflow_run.completed` for a pull request run. */
export function deliverPullRun(
  h: Harness,
  pull: PullHandle,
  run: WorkflowRunRecord,
): Promise<Delivery> {
  const fork = pull.headRepo !== h.repo.fullName;
  return h.deliver(
    'workflow_run',
    workflowRunCompleted(h.target, {
      run,
      pulls: fork ? [] : [pull],
      ...(fork ? { headRepo: h.sandbox.repoHandle(pull.headRepo) } : {}),
    }),
  );
}

/** Records a completed training run of a default-branch commit (a push) with its report. */
export function addPushRun(h: Scene, sha: string, accuracy: number): Promise<WorkflowRunRecord> {
  return h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: sha,
    headBranch: h.repo.defaultBranch,
    event: 'push',
    artifacts: { 'modelgate-report': reportArtifact(metricsReport({ accuracy }, sha)) },
  });
}

/**
 * Records a completed scheduled `monitor` run of the default branch's head with these
 * artifacts (name → files), and the webhook payload that announces it; `id` picks the run id.
 */
export async function addMonitorRun(
  h: Scene & Pick<Harness, 'target'>,
  artifacts: NonNullable<WorkflowRunInput['artifacts']>,
  id?: number,
): Promise<{ run: WorkflowRunRecord; sha: string; payload: Record<string, unknown> }> {
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('no default branch');
  const run = await h.sandbox.addWorkflowRun({
    repo: h.repo.fullName,
    headSha: sha,
    headBranch: h.repo.defaultBranch,
    event: 'schedule',
    name: 'monitor',
    path: '.github/workflows/monitor.yml',
    ...(id === undefined ? {} : { id }),
    artifacts,
  });
  return { run, sha, payload: workflowRunCompleted(h.target, { run }) };
}

/** Runs training on the default branch head and delivers it: the App records the baseline. */
export async function recordBaseline(
  h: Harness,
  accuracy: number,
): Promise<{ sha: string; run: WorkflowRunRecord }> {
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('the default branch has no commit');
  const run = await addPushRun(h, sha, accuracy);
  await h.deliver('workflow_run', workflowRunCompleted(h.target, { run }));
  return { sha, run };
}

/** The App's writes (non-GET REST requests) in the sandbox's request log. */
export function writes(h: Harness): { method: string; path: string }[] {
  return h.sandbox.requests
    .filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/repos/'))
    .map((entry) => ({ method: entry.method, path: entry.path }));
}

/** Writes a history record for the default branch head directly (the App's reading is under test). */
export async function seedBaseline(h: Scene, accuracy: number): Promise<string> {
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('the default branch has no commit');
  await h.sandbox.commit({
    repo: h.repo.fullName,
    branch: 'modelgate-history',
    files: {
      [`history/${sha}.json`]: `${JSON.stringify(metricsReport({ accuracy }, sha), null, 2)}\n`,
    },
    message: `modelgate: metrics of ${sha}`,
  });
  return sha;
}

/** The App's sticky comments on a pull request. */
export function stickyComments(
  h: Scene,
  number: number,
): { id: number; body: string; user: string }[] {
  return h.sandbox
    .records(h.repo.fullName)
    .comments.filter(
      (comment) =>
        comment.issueNumber === number && comment.body.startsWith('<!-- modelgate:report -->'),
    )
    .map((comment) => ({ id: comment.id, body: comment.body, user: comment.user.login }));
}

/** Every comment on an issue or pull request, oldest first. */
export function commentsOn(h: Scene, number: number): { body: string; user: string }[] {
  return h.sandbox
    .records(h.repo.fullName)
    .comments.filter((comment) => comment.issueNumber === number)
    .map((comment) => ({ body: comment.body, user: comment.user.login }));
}

/** The `modelgate / gate` check runs on a commit. */
export function gateChecks(
  h: Scene,
  sha: string,
): { id: number; conclusion: string | null; title: string | null; summary: string | null }[] {
  return h.sandbox
    .records(h.repo.fullName)
    .checkRuns.filter((check) => check.headSha === sha && check.name === 'modelgate / gate')
    .map((check) => ({
      id: check.id,
      conclusion: check.conclusion,
      title: check.output.title,
      summary: check.output.summary,
    }));
}

/**
 * A posted body with what changes from run to run replaced: commit shas (the sandbox's
 * commits carry timestamps), the sandbox's port, run and object ids, the hidden state block.
 */
export function normalize(h: Harness, body: string): string {
  return body
    .replaceAll(h.sandbox.url, 'https://github.test')
    .replace(/<!-- modelgate:state [A-Za-z0-9_-]+ -->/g, '<!-- modelgate:state … -->')
    .replace(/\b[0-9a-f]{40}\b/g, '<sha>')
    .replace(/\b[0-9a-f]{7}\b/g, '<sha7>')
    .replace(/\/runs\/\d+/g, '/runs/<id>')
    .replace(/modelgate:drift-run \d+:\d+/g, 'modelgate:drift-run <id>:<attempt>')
    .replace(/\bof run \d+/g, 'of run <id>')
    .replace(/ #\d{3,}\b/g, ' #<id>');
}
