import type { SandboxCore } from './http/route.ts';
import { signHs256 } from './jwt.ts';
import type { RepoRecord, WorkflowRunRecord } from './model.ts';

/**
 * The environment variables a GitHub-hosted runner sets for a job, pointed at the sandbox.
 * `ACTIONS_RUNTIME_TOKEN` is a JWT whose `scp` claim carries
 * `Actions.Results:<run backend id>:<job backend id>` — `@actions/artifact` reads the ids from
 * it and sends them back in every results-service call.
 */

/** Variables to merge into a child process's environment. */
export type RunnerEnvironment = Record<string, string>;

/** Mints the runtime token for a run (valid for six hours, like a job's). */
export function mintRuntimeToken(core: SandboxCore, run: WorkflowRunRecord): string {
  const now = Math.floor(Date.now() / 1000);
  return signHs256(
    {
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${run.backendId}:${run.jobBackendId}`,
      iat: now,
      nbf: now,
      exp: now + 6 * 3600,
      iss: 'vstoken.actions.githubusercontent.com',
      ac: JSON.stringify([{ Scope: `refs/heads/${run.headBranch}`, Permission: 3 }]),
    },
    core.signingKey,
  );
}

/** Runner variables for `run` of `repo`. */
export function runnerEnvironment(
  core: SandboxCore,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  options: { token: string; workspace?: string },
): RunnerEnvironment {
  const port = new URL(core.url).port;
  const isPullRequest = run.event === 'pull_request' || run.event === 'pull_request_target';
  const pullNumber = run.pullRequestNumbers[0];
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    // @actions/artifact refuses hosts other than github.com, *.ghe.com and *.localhost
    // (it assumes GHES, which has no results service); nothing connects to this URL.
    GITHUB_SERVER_URL: `http://sandbox.localhost:${port}`,
    GITHUB_API_URL: `${core.url}/api/v3`,
    GITHUB_GRAPHQL_URL: `${core.url}/api/graphql`,
    GITHUB_REPOSITORY: `${repo.owner.login}/${repo.name}`,
    GITHUB_REPOSITORY_ID: String(repo.id),
    GITHUB_REPOSITORY_OWNER: repo.owner.login,
    GITHUB_REPOSITORY_OWNER_ID: String(repo.owner.id),
    GITHUB_RUN_ID: String(run.id),
    GITHUB_RUN_NUMBER: String(run.runNumber),
    GITHUB_RUN_ATTEMPT: String(run.attempt),
    GITHUB_WORKFLOW: run.name,
    GITHUB_WORKFLOW_REF: `${repo.owner.login}/${repo.name}/${run.path}@refs/heads/${run.headBranch}`,
    GITHUB_JOB: 'modelgate',
    GITHUB_ACTOR: run.actor.login,
    GITHUB_ACTOR_ID: String(run.actor.id),
    GITHUB_TRIGGERING_ACTOR: run.actor.login,
    GITHUB_EVENT_NAME: run.event,
    GITHUB_SHA: run.headSha,
    GITHUB_REF:
      isPullRequest && pullNumber !== undefined
        ? `refs/pull/${pullNumber}/merge`
        : `refs/heads/${run.headBranch}`,
    GITHUB_REF_NAME:
      isPullRequest && pullNumber !== undefined ? `${pullNumber}/merge` : run.headBranch,
    GITHUB_REF_TYPE: 'branch',
    GITHUB_HEAD_REF: isPullRequest ? run.headBranch : '',
    GITHUB_BASE_REF: isPullRequest ? repo.defaultBranch : '',
    GITHUB_TOKEN: options.token,
    ACTIONS_RUNTIME_TOKEN: mintRuntimeToken(core, run),
    ACTIONS_RESULTS_URL: `${core.url}/`,
    ACTIONS_RUNTIME_URL: `${core.url}/`,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'sandbox-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
    ...(options.workspace ? { GITHUB_WORKSPACE: options.workspace } : {}),
  };
}
