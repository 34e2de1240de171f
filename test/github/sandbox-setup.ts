import { Octokit } from '@octokit/rest';
import {
  allRoutes,
  startSandbox,
  type RepoHandle,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/index.ts';
import type { OctokitLike } from '../../src/github/octokit.ts';

/** A running sandbox GitHub with one repository and an Octokit holding a write token for it. */
export interface SandboxRepo {
  sandbox: Sandbox;
  repo: RepoHandle;
  octokit: OctokitLike;
  owner: string;
  name: string;
  /** `{ octokit, owner, repo }` as the operations take it. */
  context: { octokit: OctokitLike; owner: string; repo: string };
  /** Requests the sandbox served since `mark()`, as `METHOD /path` without the query. */
  requestsSince: (mark: number) => string[];
}

/** An Octokit for the sandbox, as a face would build it (no retries: failures must show). */
export function sandboxOctokit(sandbox: Sandbox, token: string): OctokitLike {
  return new Octokit({
    baseUrl: sandbox.apiUrl,
    auth: token,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
}

/** Starts the sandbox with a repository; `files` become its first commit. */
export async function sandboxRepo(
  name = 'model-repo',
  files: Record<string, string> = { 'README.md': '# model\n' },
  options: SandboxOptions = {},
): Promise<SandboxRepo> {
  const sandbox = await startSandbox(options);
  const repo = await sandbox.createRepo({ name, files });
  const token = sandbox.createToken({
    repo: repo.fullName,
    permissions: {
      actions: 'read',
      checks: 'write',
      contents: 'write',
      deployments: 'write',
      issues: 'write',
      metadata: 'read',
      pull_requests: 'write',
    },
  });
  const octokit = sandboxOctokit(sandbox, token);
  return {
    sandbox,
    repo,
    octokit,
    owner: repo.owner,
    name: repo.name,
    context: { octokit, owner: repo.owner, repo: repo.name },
    requestsSince: (mark) =>
      sandbox.requests.slice(mark).map((entry) => `${entry.method} ${entry.path}`),
  };
}

/**
 * Whether the sandbox serves a REST operation (`GET /repos/{owner}/{repo}/...`). Tests of an
 * operation the sandbox does not serve yet are skipped by name, and run once it does.
 */
export function sandboxServes(operation: string): boolean {
  return allRoutes.some((route) => `${route.method} ${route.path}` === operation);
}
