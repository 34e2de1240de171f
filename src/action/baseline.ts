import * as core from '@actions/core';
import { errorMessage } from '../core/errors.ts';
import { findBaseline, type Baseline } from '../history/baseline.ts';
import { findRecordWithGit } from '../history/git-store.ts';
import type { ActionOctokit } from './octokit.ts';
import { isPermissionError } from './write-guard.ts';

/** First-parent ancestors of the merge base searched for a record, as `findBaseline` does. */
const MAX_ANCESTORS = 100;

/** Where to look for the baseline of a run. */
export interface ResolveBaselineOptions {
  /** Absent when the workflow passes no token; then only git is used. */
  octokit: ActionOctokit | undefined;
  owner: string;
  repo: string;
  /** The checkout (its `origin` remote and credentials serve the git route). */
  cwd: string;
  /** Base commit (pull request base, or the commit a push replaced); null: no baseline. */
  baseSha: string | null;
  headSha: string;
  branch: string;
}

/**
 * The git route to the baseline, for a job without a token that may read contents: the same
 * rule as `findBaseline` (the merge base's record, else the nearest first-parent ancestor's),
 * walked in the local clone; `findRecordWithGit` fetches the history branch once and reads the
 * first ancestor that has a record. A shallow clone lacks the ancestors; then there is no
 * baseline and the log says how to get one.
 */
async function findBaselineWithGit(
  options: ResolveBaselineOptions & { baseSha: string },
): Promise<Baseline | null> {
  // Loaded here: a run without a base commit never parses simple-git (issue 20's cold start).
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: options.cwd, config: ['maintenance.auto=false', 'gc.auto=0'] });
  let ancestors: string[];
  try {
    const mergeBase = (await git.raw(['merge-base', options.baseSha, options.headSha])).trim();
    const listed = await git.raw([
      'rev-list',
      '--first-parent',
      `--max-count=${MAX_ANCESTORS + 1}`,
      mergeBase,
    ]);
    ancestors = listed.split('\n').filter(Boolean);
  } catch (error) {
    core.info(
      `No baseline: the merge base of ${options.baseSha.slice(0, 7)} and ${options.headSha.slice(0, 7)} is not in this clone (${errorMessage(error).split('\n')[0]}); check out with \`fetch-depth: 0\` to compare without API access.`,
    );
    return null;
  }
  let found;
  try {
    found = await findRecordWithGit({
      cwd: options.cwd,
      branch: options.branch,
      candidates: ancestors,
    });
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    core.info(
      `No baseline: ${options.branch} cannot be fetched (${errorMessage(error).split('\n')[0]}).`,
    );
    return null;
  }
  return found === null
    ? null
    : {
        sha: found.sha,
        metrics: found.metrics,
        predictions: found.predictions,
        source: found.index === 0 ? 'merge-base' : 'ancestor',
      };
}

/**
 * The baseline a run is compared with, from the history branch: through the API when there
 * is a token that may read contents (a fork's read-only token may), else through git.
 */
export async function resolveBaseline(options: ResolveBaselineOptions): Promise<Baseline | null> {
  const { baseSha } = options;
  if (baseSha === null) return null;
  if (options.octokit !== undefined) {
    try {
      return await findBaseline({
        octokit: options.octokit,
        owner: options.owner,
        repo: options.repo,
        baseSha,
        headSha: options.headSha,
        branch: options.branch,
      });
    } catch (error) {
      if (!isPermissionError(error)) throw error;
      core.info(
        `The token may not read ${options.branch} (${errorMessage(error)}); reading it with git instead.`,
      );
    }
  }
  return findBaselineWithGit({ ...options, baseSha });
}
