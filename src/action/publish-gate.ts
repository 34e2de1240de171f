import * as core from '@actions/core';
import { publishGateCheck } from '../github/gate-check.ts';
import type { PullRequestInfo } from '../github/pull-requests.ts';
import { upsertStickyComment, withActionWriterMarker } from '../github/sticky-comment.ts';
import { tokenCommentAuthor } from '../github/token-login.ts';
import type { ActionOctokit } from './octokit.ts';
import { guardWrite } from './write-guard.ts';

/** The check run as rendered (from a comparison or from a problem). */
export interface GateCheckOutput {
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  text?: string;
}

/** Input of `publishGate`. */
export interface PublishGateInput {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  pull: PullRequestInfo;
  /** The commit the reported run trained. */
  headSha: string;
  /** Sticky comment body (starts with the marker). */
  comment: string;
  check: GateCheckOutput;
  /** Collects what could not be done, for the job summary. */
  notices: string[];
}

/**
 * Posts a gate to its pull request: the sticky comment (only while the run's commit is still
 * the head) and the `modelgate / gate` check on the run's commit, each a guarded write (a
 * read-only token warns, never fails). Both come from one rendering, so they cannot disagree.
 */
export async function publishGate(input: PublishGateInput): Promise<void> {
  const { octokit, owner, repo, pull, headSha, notices } = input;
  const short = headSha.slice(0, 7);

  let commentUrl: string | undefined;
  if (pull.headSha !== headSha) {
    // A run of an older commit finished after a newer push: the comment shows the newest
    // commit's report, which that commit's own run will post.
    notices.push(
      `#${pull.number} has moved on to ${pull.headSha.slice(0, 7)}; the comment was left for that commit's run.`,
    );
  } else {
    const comment = await guardWrite(
      `post the sticky comment on #${pull.number}`,
      'pull-requests: write',
      async () =>
        upsertStickyComment({
          octokit,
          owner,
          repo,
          issueNumber: pull.number,
          // Signed whatever the token: a workflow or installation token finds its comment
          // by this writer marker, since the App's report is a bot's comment too.
          body: withActionWriterMarker(input.comment),
          // Only the token's own comment is the report: anyone can paste the marker into a
          // comment of theirs, which the Action must neither edit nor stop at.
          author: await tokenCommentAuthor(octokit),
        }),
    );
    if (comment.ok) {
      commentUrl = comment.value.url;
      core.info(`Sticky comment ${comment.value.action}: ${comment.value.url}`);
    } else {
      notices.push(`The comment was not posted: ${comment.reason}`);
    }
  }

  const check = await guardWrite(`publish the gate check on ${short}`, 'checks: write', () =>
    publishGateCheck({
      octokit,
      owner,
      repo,
      headSha,
      ...input.check,
      ...(commentUrl === undefined ? {} : { detailsUrl: commentUrl }),
    }),
  );
  if (check.ok)
    core.info(`Gate check ${check.value.action} (${input.check.conclusion}): ${check.value.url}`);
  else notices.push(`The gate check was not published: ${check.reason}`);
}
