import * as core from '@actions/core';
import { COMMENT_MARKER } from '../core/constants.ts';
import { errorMessage } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { primaryMetric } from '../core/metrics/registry.ts';
import { addTrendPoint, readPullState } from '../core/records/pull-state.ts';
import type { TrendPoint } from '../core/render/trend-chart.ts';
import type { ActionOctokit } from './octokit.ts';
import { isPermissionError } from './write-guard.ts';

/**
 * The primary metric over a pull request's commits, oldest first, ending with this run, for
 * the training job's summary: the trend the gate keeps in its sticky comment, plus the current
 * metrics. The pull request's own job only shows it (its summary decides nothing), so the
 * report of any bot is read; the gate itself reads only its own writer's. Reading needs only
 * read access; without it the trend is this run alone, which the chart skips.
 */
export async function pullRequestTrend(input: {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  current: MetricsReport;
}): Promise<readonly TrendPoint[]> {
  const { octokit, owner, repo, number, headSha, current } = input;
  const metric = primaryMetric(current.task);
  let body: string | undefined;
  try {
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 100,
    })) {
      const report = page.data.find(
        (comment) =>
          comment.user?.type === 'Bot' &&
          (comment.body ?? '').trimStart().startsWith(COMMENT_MARKER),
      );
      if (report !== undefined) {
        body = report.body ?? undefined;
        break;
      }
    }
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    core.info(
      `The trend over #${number} is left out: the token may not read it (${errorMessage(error)}).`,
    );
  }
  return addTrendPoint(readPullState(body), metric, {
    sha: headSha,
    value: current.metrics[metric] ?? null,
  }).trend;
}
