import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from '../../scripts/bundle.mjs';
import {
  runActionStep,
  type ActionStepInput,
  type ActionStepResult,
} from '../../src/sandbox/action-step.ts';
import {
  startSandbox,
  type Permissions,
  type PullHandle,
  type RepoHandle,
  type Sandbox,
} from '../../src/sandbox/index.ts';
import { createOpenApiValidator } from '../support/openapi.ts';
import {
  pullRequestPayload,
  pushPayload,
  workflowRunPayload,
  type ScenarioRepo,
} from './payloads.ts';
import { checkout, modelgateConfig, tinyDataset, TRAINING_WORKFLOW } from './scenario.ts';

/** The sandbox's runner for the bundled Action, with a limit well inside vitest's timeout. */
export function runStep(input: ActionStepInput): Promise<ActionStepResult> {
  return runActionStep({ timeoutMs: 45_000, ...input });
}

/** What the example workflow's `report` job gets. */
export const REPORT_PERMISSIONS: Permissions = {
  actions: 'read',
  contents: 'write',
  checks: 'write',
  pull_requests: 'write',
  metadata: 'read',
};

/** What `record-and-release` in the example workflow gets. */
export const RELEASE_PERMISSIONS: Permissions = {
  contents: 'write',
  // A merge whose own report fails the gate gets a failing check on its commit.
  checks: 'write',
  pull_requests: 'read',
  deployments: 'write',
  metadata: 'read',
};

/** A step and the workflow run it belonged to. */
export interface RanStep {
  step: ActionStepResult;
  runId: number;
  workspace: string;
}

/**
 * The world the end-to-end tests act in: the Action bundled once into a temporary `dist/`
 * (same bundler, same settings as `npm run bundle`), a sandbox GitHub checking every REST
 * exchange against GitHub's OpenAPI description, a repository with a tiny model, and one
 * method per kind of workflow step, each run as a child process with a runner's environment.
 */
export class ActionWorld {
  private readonly cleanup: string[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    readonly repo: RepoHandle,
    readonly bundle: string,
    private readonly bundleDir: string,
  ) {}

  /** Bundles the Action, starts the sandbox and creates the repository. */
  static async start(): Promise<ActionWorld> {
    const bundleDir = await mkdtemp(join(tmpdir(), 'modelgate-dist-'));
    const { outFile } = await bundleAction({ outDir: bundleDir });
    const sandbox = await startSandbox({ validate: createOpenApiValidator() });
    const repo = await sandbox.createRepo({
      name: 'churn-model',
      files: {
        '.github/modelgate.yml': modelgateConfig(2),
        // The training workflow: only its runs' reports count for the gate.
        '.github/workflows/modelgate.yml': TRAINING_WORKFLOW,
        'data/train.csv': await tinyDataset(),
        'README.md': '# churn model\n',
      },
    });
    return new ActionWorld(sandbox, repo, outFile, bundleDir);
  }

  async close(): Promise<void> {
    await this.sandbox.close();
    await Promise.all(
      [this.bundleDir, ...this.cleanup].map((path) => rm(path, { recursive: true, force: true })),
    );
  }

  get scenario(): ScenarioRepo {
    return { owner: this.repo.owner, name: this.repo.name, defaultBranch: this.repo.defaultBranch };
  }

  /** A fresh checkout of `sha`; by default with the owner's credentials in the remote URL. */
  async workspace(sha: string, url = this.repo.gitUrl): Promise<string> {
    const path = await checkout(url, sha);
    this.cleanup.push(path);
    return path;
  }

  /** A token like the job's `GITHUB_TOKEN`; GitHub's read-only set by default. */
  token(permissions?: Permissions): string {
    return this.sandbox.createToken({
      repo: this.repo.fullName,
      ...(permissions ? { permissions } : {}),
    });
  }

  async mainSha(): Promise<string> {
    return (await this.sandbox.branchSha(this.repo.fullName, 'main')) ?? '';
  }

  historyRecord(sha: string, scope: 'default-branch' | 'pull-request' = 'default-branch') {
    const path =
      scope === 'default-branch' ? `history/${sha}.json` : `history/pull-requests/${sha}.json`;
    return this.sandbox.readFile(this.repo.fullName, path, 'refs/heads/modelgate-history');
  }

  /** REST writes (anything but GET) since request number `from`, results service left out. */
  restWritesSince(from: number): string[] {
    return this.sandbox.requests
      .slice(from)
      .filter((entry) => entry.method !== 'GET' && entry.operation !== null)
      .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
  }

  /** Runs steps of one job on a push of `sha` to `branch` (`before`: the previous tip). */
  async push(input: {
    sha: string;
    before?: string | null;
    branch?: string;
    token?: string;
    url?: string;
    steps: Record<string, string>[];
    /** Runs before step `index` (from 0), in the job's workspace: what a script step would do. */
    beforeStep?: (index: number, workspace: string) => Promise<void>;
  }): Promise<{ steps: ActionStepResult[]; runId: number; workspace: string }> {
    const branch = input.branch ?? 'main';
    const run = await this.sandbox.addWorkflowRun({
      repo: this.repo.fullName,
      headSha: input.sha,
      headBranch: branch,
      event: 'push',
      status: 'in_progress',
    });
    const ws = await this.workspace(input.sha, input.url);
    const env = this.sandbox.runnerEnvironment(run, {
      ...(input.token === undefined ? {} : { token: input.token }),
      workspace: ws,
    });
    const payload = pushPayload({
      repo: this.scenario,
      before: input.before ?? null,
      after: input.sha,
      ref: `refs/heads/${branch}`,
    });
    const steps: ActionStepResult[] = [];
    for (const [index, inputs] of input.steps.entries()) {
      await input.beforeStep?.(index, ws);
      steps.push(
        await runStep({
          bundle: this.bundle,
          workspace: ws,
          env,
          inputs,
          event: { name: 'push', payload },
        }),
      );
    }
    this.sandbox.completeWorkflowRun(run);
    return { steps, runId: run.id, workspace: ws };
  }

  /** Runs a `train` step for pull request `pull` (the default: a read-only token). */
  async trainPullRequest(input: {
    pull: PullHandle;
    title: string;
    token?: string;
    url?: string;
    inputs?: Record<string, string>;
    /** The workflow file of the run; the training workflow by default. */
    path?: string;
  }): Promise<RanStep> {
    const { pull } = input;
    const [headOwner = this.repo.owner] =
      pull.headRepo === this.repo.fullName ? [] : pull.headRepo.split('/');
    const run = await this.sandbox.addWorkflowRun({
      repo: this.repo.fullName,
      headSha: pull.headSha,
      headBranch: pull.headRef,
      headRepo: pull.headRepo,
      event: 'pull_request',
      pullRequests: pull.headRepo === this.repo.fullName ? [pull.number] : [],
      status: 'in_progress',
      ...(input.path === undefined ? {} : { path: input.path }),
    });
    const ws = await this.workspace(pull.headSha, input.url ?? this.repo.cloneUrl);
    const token = input.token ?? this.token();
    const step = await runStep({
      bundle: this.bundle,
      workspace: ws,
      env: this.sandbox.runnerEnvironment(run, { token, workspace: ws }),
      inputs: { mode: 'train', token, ...input.inputs },
      event: {
        name: 'pull_request',
        payload: pullRequestPayload({
          repo: this.scenario,
          number: pull.number,
          title: input.title,
          base: { sha: pull.baseSha, ref: pull.baseRef },
          head: { sha: pull.headSha, ref: pull.headRef, owner: headOwner },
        }),
      },
    });
    this.sandbox.completeWorkflowRun(run);
    return { step, runId: run.id, workspace: ws };
  }

  /**
   * Runs a `report` step in a `workflow_run` job for the pull request run `runId`, with the
   * default branch checked out (the report job never checks out the pull request).
   */
  async report(input: {
    runId: number;
    pull: PullHandle;
    headSha?: string;
    token: string;
    /** How the pull request run ended; default `success`. */
    conclusion?: string;
    /** More `with:` inputs of the step. */
    inputs?: Record<string, string>;
  }): Promise<ActionStepResult> {
    const { pull } = input;
    const headSha = input.headSha ?? pull.headSha;
    const fromFork = pull.headRepo !== this.repo.fullName;
    const mainSha = await this.mainSha();
    const run = await this.sandbox.addWorkflowRun({
      repo: this.repo.fullName,
      headSha: mainSha,
      headBranch: 'main',
      event: 'workflow_run',
    });
    const ws = await this.workspace(mainSha, this.repo.cloneUrl);
    return runStep({
      bundle: this.bundle,
      workspace: ws,
      env: this.sandbox.runnerEnvironment(run, { token: input.token, workspace: ws }),
      inputs: { mode: 'report', token: input.token, ...input.inputs },
      event: {
        name: 'workflow_run',
        payload: workflowRunPayload({
          repo: this.scenario,
          runId: input.runId,
          headSha,
          headBranch: pull.headRef,
          ...(input.conclusion === undefined ? {} : { conclusion: input.conclusion }),
          headOwner: fromFork ? pull.headRepo.split('/')[0] : this.repo.owner,
          // GitHub leaves pull requests from forks out of the payload.
          pullRequests: fromFork
            ? []
            : [
                {
                  number: pull.number,
                  base: { sha: pull.baseSha, ref: pull.baseRef },
                  head: { sha: headSha, ref: pull.headRef },
                },
              ],
        }),
      },
    });
  }
}
