import * as core from '@actions/core';
import type { FlowPort } from '../flows/ports.ts';
import { createRepoPort } from '../github/repo-port.ts';
import { tokenCommentAuthor } from '../github/token-login.ts';
import { resolveBaseline } from './baseline.ts';
import type { ActionOctokit } from './octokit.ts';
import { guardWrite } from './write-guard.ts';

/** Input of `actionPort`. */
export interface ActionPortOptions {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  repoId: number;
  defaultBranch: string;
  configPath: string;
  /** The `history-branch` input, over the config's `history.branch`. */
  historyBranch?: string;
  /** The checkout, for the git route to the baseline when the token may not read contents. */
  workspace: string;
  /** Collects what a read-only token could not write, for the job summary. */
  notices: string[];
}

/**
 * The flows' port for the Action: it writes as the workflow's token, and a write the token
 * may not make (a fork's read-only token) becomes a notice in the job summary instead of a
 * failed step; the report is still in the summary and the artifact.
 */
export async function actionPort(options: ActionPortOptions): Promise<FlowPort> {
  const { octokit, owner, repo, notices } = options;
  const port = createRepoPort({
    octokit,
    owner,
    repo,
    repoId: options.repoId,
    defaultBranch: options.defaultBranch,
    configPath: options.configPath,
    ...(options.historyBranch === undefined ? {} : { historyBranch: options.historyBranch }),
    writer: { author: await tokenCommentAuthor(octokit) },
    log: { info: (message) => core.info(message), warn: (message) => core.warning(message) },
    findBaseline: async (baseSha, headSha, branch) =>
      resolveBaseline({ octokit, owner, repo, cwd: options.workspace, baseSha, headSha, branch }),
  });
  const guarded = async <T>(
    what: string,
    permission: string,
    write: () => Promise<T>,
    fallback: T,
  ) => {
    const outcome = await guardWrite(what, permission, write);
    if (outcome.ok) return outcome.value;
    notices.push(`Could not ${what}: ${outcome.reason}`);
    return fallback;
  };
  return {
    ...port,
    publishGateCheck: (sha, output, existing) =>
      guarded(
        `publish the gate check on ${sha.slice(0, 7)}`,
        'checks: write',
        () => port.publishGateCheck(sha, output, existing),
        '',
      ),
    upsertSticky: (number, body, existing) =>
      guarded(
        `post the sticky comment on #${number}`,
        'pull-requests: write',
        () => port.upsertSticky(number, body, existing),
        '',
      ),
    comment: (number, body) =>
      guarded(
        `comment on #${number}`,
        'pull-requests: write',
        () => port.comment(number, body),
        false,
      ),
    deleteComments: (ids) =>
      guarded(
        `remove ${ids.length} repeated answer${ids.length === 1 ? '' : 's'}`,
        'pull-requests: write',
        () => port.deleteComments(ids),
        undefined,
      ),
  };
}
