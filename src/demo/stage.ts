import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { startAppServer, type AppServer } from '../app/server.ts';
import { startSandbox, type Permissions, type RepoHandle, type Sandbox } from '../sandbox/index.ts';
import { checkoutWorkspace, pushInitialCommit } from './git.ts';
import { runActionStep, type ActionStepResult } from '../sandbox/action-step.ts';
import { RepoApi } from './github-api.ts';
import { TFJS_EXAMPLE, type StageExample, type TrainJob } from './stage-example.ts';

/** The data scientist who owns the repository, opens the pull requests and merges them. */
export const DEMO_USER = 'ada';

const ACTION_BUNDLE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/**
 * Everything the story runs on: the sandbox playing GitHub, the real App server receiving its
 * webhooks, the example repository pushed to it over git HTTP with the App installed, and the
 * developer's clone.
 */
export interface Stage {
  sandbox: Sandbox;
  app: AppServer;
  repo: RepoHandle;
  api: RepoApi;
  /** The developer's clone (pushes with the owner's credentials). */
  clone: string;
  /** Directory for runner workspaces and step files. */
  runnerDir: string;
  bundle: string;
  /** How the repository's workflow trains. */
  train: TrainJob;
  close(): Promise<void>;
}

const CreatedRepoSchema = z.object({
  name: z.string(),
  owner: z.object({ login: z.string() }),
  default_branch: z.string(),
});

/**
 * Starts the sandbox and the App, creates the repository through REST (`POST /user/repos`,
 * empty like a new GitHub repository), pushes `examples/` to it as the first commit, and
 * installs the App on it. `bundle` is the Action's `index.js` (the committed `dist/` by default);
 * `example` the repository pushed (`examples/` by default).
 */
export async function startStage(
  workDir: string,
  bundle = ACTION_BUNDLE,
  example: StageExample = TFJS_EXAMPLE,
): Promise<Stage> {
  if (!existsSync(bundle)) {
    throw new Error(
      `The bundled Action ${bundle} is missing; run \`npm run bundle\` (dist/ is committed, so a clone has it).`,
    );
  }
  const sandbox = await startSandbox();
  let app: AppServer | null = null;
  try {
    const secret = randomBytes(20).toString('hex');
    app = await startAppServer({
      appId: sandbox.app.id,
      privateKey: sandbox.app.privateKey,
      secret,
      baseUrl: sandbox.apiUrl,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'warn',
      // On GitHub the App spaces its writes a second apart and backs off for seconds; the
      // sandbox has no rate limits, so the story would only wait for nothing.
      octokit: { writeIntervalMs: 0, retryBaseMs: 10 },
    });
    sandbox.setWebhook({ url: app.webhookUrl, secret });

    // Everything the developer does goes through REST with her own token, as on GitHub.
    const token = sandbox.createUserToken(DEMO_USER);
    const admin = new RepoApi(sandbox.apiUrl, token, DEMO_USER, '');
    const created = CreatedRepoSchema.parse(
      await admin.request('POST', '/user/repos', {
        name: example.repoName,
        description: example.description,
      }),
    );
    const repo = sandbox.repoHandle(`${created.owner.login}/${created.name}`);
    const clone = join(workDir, 'clone');
    await pushInitialCommit({
      source: example.source,
      dir: clone,
      remote: repo.gitUrl,
      branch: created.default_branch,
      message: example.message,
    });
    sandbox.createInstallation({ account: DEMO_USER, repositories: [repo.fullName] });
    const started = app;
    return {
      sandbox,
      app: started,
      repo,
      api: new RepoApi(sandbox.apiUrl, token, repo.owner, repo.name),
      clone,
      runnerDir: join(workDir, 'runner'),
      bundle,
      train: example.train,
      close: async () => {
        await started.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    await app?.close();
    await sandbox.close();
    throw error;
  }
}

/** A workflow run of the example repository: the run record and its one modelgate step. */
export interface WorkflowRunResult {
  runId: number;
  htmlUrl: string;
  step: ActionStepResult;
  /** What the step before the Action did, when there was one. */
  prepared: string | null;
}

/**
 * Plays one workflow run as GitHub Actions would: the run is recorded in progress, a job gets
 * a token with `permissions` and a checkout of `headSha`, the bundled Action runs as its step,
 * the run completes and `workflow_run.completed` goes to the App, and the demo waits until the
 * App has finished handling it.
 */
export async function runWorkflow(
  stage: Stage,
  input: {
    event: { name: 'push' | 'pull_request' | 'schedule'; payload: Record<string, unknown> };
    headSha: string;
    headBranch: string;
    pullNumber?: number;
    permissions: Permissions;
    inputs: Record<string, string>;
    /** A step before the Action's, in the checkout (the user's own training step). */
    prepare?: (workspace: string) => Promise<string>;
  },
): Promise<WorkflowRunResult> {
  const { sandbox, repo } = stage;
  const run = await sandbox.addWorkflowRun({
    repo: repo.fullName,
    headSha: input.headSha,
    headBranch: input.headBranch,
    event: input.event.name,
    status: 'in_progress',
    ...(input.pullNumber === undefined ? {} : { pullRequests: [input.pullNumber] }),
  });
  const token = sandbox.createToken({ repo: repo.fullName, permissions: input.permissions });
  // actions/checkout persists the job's token for later git pushes; the URL carries it here.
  const url = new URL(repo.cloneUrl);
  url.username = 'x-access-token';
  url.password = token;
  await mkdir(stage.runnerDir, { recursive: true });
  const workspace = await checkoutWorkspace({
    parent: stage.runnerDir,
    url: url.href,
    sha: input.headSha,
  });
  const prepared = input.prepare === undefined ? null : await input.prepare(workspace);
  const step = await runActionStep({
    bundle: stage.bundle,
    runnerTemp: stage.runnerDir,
    workspace,
    env: sandbox.runnerEnvironment(run, { token, workspace }),
    inputs: { token, ...input.inputs },
    event: input.event,
  });
  sandbox.completeWorkflowRun(run, step.exitCode === 0 ? 'success' : 'failure');
  await sandbox.emitWebhook(
    'workflow_run',
    await sandbox.payloads.workflowRun({
      owner: repo.owner,
      repo: repo.name,
      runId: run.id,
      action: 'completed',
    }),
  );
  await stage.app.idle();
  return {
    runId: run.id,
    htmlUrl: `${sandbox.url}/${repo.fullName}/actions/runs/${run.id}`,
    step,
    prepared,
  };
}
