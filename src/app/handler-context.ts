import type { OctokitLike, RepoContext } from '../github/octokit.ts';
import type { PullRequestInfo } from '../github/pull-requests.ts';

/** The logger Probot hands every handler (pino); only the levels the App uses. */
export interface AppLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Who the App is on GitHub, used to recognise its own comments and check runs. */
export interface AppIdentity {
  id: number;
  /** Login of the App's bot user, `<slug>[bot]`. */
  botLogin: string;
}

/**
 * What every handler works with: an installation-authenticated Octokit, the repository, the
 * App's identity and the logger of the delivery. Built from Probot's context in `app.ts`, so
 * the handlers stay plain functions over an Octokit.
 */
export interface HandlerContext extends RepoContext {
  octokit: OctokitLike;
  defaultBranch: string;
  identity: AppIdentity;
  log: AppLog;
}

/** The pull request a gate is about. */
export type PullRequestRef = PullRequestInfo;

/** A completed workflow run. */
export interface RunRef {
  id: number;
  name: string;
  headSha: string;
  conclusion: string | null;
  htmlUrl: string;
}
