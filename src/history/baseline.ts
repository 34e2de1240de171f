import type { MetricsReport } from '../core/metrics-report.ts';
import type { PredictionSet } from '../core/significance/pairing.ts';
import type { RepoContext } from '../github/octokit.ts';
import { readHistoryPredictions, readHistoryRecord, type HistoryContext } from './api-store.ts';
import { listHistoryShas } from './whole-folder.ts';

/** Input of `findBaseline`. */
export interface FindBaselineOptions extends RepoContext {
  /** The pull request's base commit (`pull_request.base.sha`). */
  baseSha: string;
  /** The pull request's head commit. */
  headSha: string;
  /** History branch (config `history.branch`). */
  branch: string;
  /** How many first-parent ancestors of the merge base to look through; defaults to 100. */
  maxAncestors?: number;
  /** The merge base of base and head when the caller compared them already (one call less). */
  mergeBase?: string;
}

/** The metrics a pull request is compared with, and the commit they belong to. */
export interface Baseline {
  sha: string;
  metrics: MetricsReport;
  /** Its run's predictions (`history/<sha>.predictions.csv`); null when it kept none. */
  predictions: PredictionSet | null;
  /** `merge-base`: recorded for the merge base itself; `ancestor`: for an older commit. */
  source: 'merge-base' | 'ancestor';
}

/**
 * The baseline of a pull request (DESIGN.md §6): the record of the merge base of base and
 * head, else of the nearest first-parent ancestor of the merge base that has one (a commit
 * whose run failed or was skipped has none). First parents only: on a merge commit the first
 * parent is the default branch, the second the merged feature branch, whose commits never
 * had default-branch records. Null when nothing within `maxAncestors` has a record.
 */
export async function findBaseline(options: FindBaselineOptions): Promise<Baseline | null> {
  const { octokit, owner, repo, baseSha, headSha, branch } = options;
  const history: HistoryContext = { octokit, owner, repo, branch };
  const mergeBase =
    options.mergeBase ??
    (
      await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${baseSha}...${headSha}`,
        per_page: 1,
      })
    ).data.merge_base_commit.sha;
  // The common case costs one read: the default-branch run of the merge base recorded it.
  const atMergeBase = await readHistoryRecord({ ...history, sha: mergeBase });
  const withPredictions = async (sha: string, metrics: MetricsReport) => ({
    sha,
    metrics,
    predictions: await readHistoryPredictions({ ...history, sha, metrics }),
  });
  if (atMergeBase !== null)
    return { ...(await withPredictions(mergeBase, atMergeBase)), source: 'merge-base' };

  const recorded = await listHistoryShas(history);
  if (recorded !== null && recorded.size === 0) return null;
  const limit = options.maxAncestors ?? 100;
  for await (const sha of firstParents({ octokit, owner, repo }, mergeBase, limit + 1)) {
    if (sha === mergeBase || (recorded !== null && !recorded.has(sha))) continue;
    const metrics = await readHistoryRecord({ ...history, sha });
    if (metrics !== null) return { ...(await withPredictions(sha, metrics)), source: 'ancestor' };
  }
  return null;
}

/**
 * Yields `start` and then its first-parent ancestors, at most `limit` commits. The commits
 * API lists history 100 at a time in git-log order (all parents); the first-parent chain is
 * followed through those pages, fetching a new page only when the chain leaves the last one.
 */
export async function* firstParents(
  context: RepoContext,
  start: string,
  limit: number,
): AsyncGenerator<string> {
  const { octokit, owner, repo } = context;
  const parentOf = new Map<string, string | null>();
  let current: string | null = start;
  for (let seen = 0; current !== null && seen < limit; seen += 1) {
    yield current;
    if (!parentOf.has(current)) {
      const { data } = await octokit.rest.repos.listCommits({
        owner,
        repo,
        sha: current,
        per_page: 100,
      });
      for (const commit of data) parentOf.set(commit.sha, commit.parents[0]?.sha ?? null);
      if (!parentOf.has(current)) return;
    }
    current = parentOf.get(current) ?? null;
  }
}
