import * as core from '@actions/core';
import { errorMessage } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { primaryMetric } from '../core/metrics/registry.ts';
import type { TrendPoint } from '../core/render/trend-chart.ts';
import { listPullRequestCommits } from '../github/pull-requests.ts';
import { listTrend } from '../history/baseline.ts';
import type { ActionOctokit } from './octokit.ts';
import { isPermissionError } from './write-guard.ts';

/**
 * The primary metric over a pull request's commits, oldest first, ending with this run: the
 * records of earlier commits (kept apart from default-branch records in the history branch,
 * so they never become a baseline) plus the current metrics. Reading needs only read access;
 * without it the trend is this run alone, which the chart skips.
 */
export async function pullRequestTrend(input: {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  branch: string;
  number: number;
  headSha: string;
  current: MetricsReport;
}): Promise<TrendPoint[]> {
  const { octokit, owner, repo, branch, number, headSha, current } = input;
  const metric = primaryMetric(current.task);
  let earlier: { sha: string; metrics: MetricsReport }[] = [];
  try {
    const shas = await listPullRequestCommits({ octokit, owner, repo, number });
    earlier = await listTrend({
      octokit,
      owner,
      repo,
      branch,
      shas: shas.filter((sha) => sha !== headSha),
    });
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    core.info(
      `The trend over #${number} is left out: the token may not read it (${errorMessage(error)}).`,
    );
  }
  return [
    ...earlier.map((point) => ({ sha: point.sha, value: point.metrics.metrics[metric] ?? null })),
    { sha: headSha, value: current.metrics[metric] ?? null },
  ];
}
