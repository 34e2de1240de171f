import type { FlowPort } from '../flows/ports.ts';
import type { OctokitLike } from '../github/octokit.ts';
import { createRepoPort } from '../github/repo-port.ts';

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
 * the handlers stay plain functions that translate a payload into a flow's input.
 */
export interface HandlerContext {
  octokit: OctokitLike;
  owner: string;
  repo: string;
  repoId: number;
  defaultBranch: string;
  identity: AppIdentity;
  log: AppLog;
}

/** The flows' port for a delivery: the App writes as its bot and reads back only its own. */
export function appPort(ctx: HandlerContext): FlowPort {
  return createRepoPort({
    octokit: ctx.octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    repoId: ctx.repoId,
    defaultBranch: ctx.defaultBranch,
    writer: { appId: ctx.identity.id, author: ctx.identity.botLogin },
    log: ctx.log,
  });
}
