import type { PerformancePort } from '../flows/ports.ts';
import { readPerformanceTrend, recordPerformanceRun } from '../history/performance-trend.ts';
import { syncDriftIssue } from './drift-issue.ts';
import type { DriftAuthors } from './drift-lookup.ts';
import type { RepoContext } from './octokit.ts';
import { PERFORMANCE_ISSUE_KIND } from './performance-issue.ts';
import { performanceReportOf, type DriftArtifact } from './run-artifacts.ts';

/**
 * The performance half of the flows' port over an Octokit: the run's report from its
 * artifact, the release's trend on the history branch, and its performance issue, written
 * with the drift issue's lifecycle under the performance markers.
 */
export function createPerformancePort(
  context: RepoContext,
  authors: DriftAuthors | undefined,
  driftArtifact: (runId: number) => Promise<DriftArtifact | null>,
): PerformancePort {
  return {
    readPerformanceReport: async (runId) => performanceReportOf(await driftArtifact(runId)),
    recordPerformanceRun: (branch, record) => recordPerformanceRun({ ...context, branch }, record),
    readPerformanceTrend: (branch, releaseTag) =>
      readPerformanceTrend({ ...context, branch }, releaseTag),
    async syncPerformanceIssue(input) {
      const result = await syncDriftIssue({
        ...context,
        kind: PERFORMANCE_ISSUE_KIND,
        releaseTag: input.releaseTag,
        report: { dataset_drift: input.drop },
        body: input.body,
        labels: input.labels,
        ...(authors === undefined ? {} : { authors }),
        ...(input.run === null ? {} : { run: input.run }),
      });
      return {
        action: result.action,
        issue:
          result.issue === null ? null : { number: result.issue.number, url: result.issue.url },
        alreadyReported: result.reported !== undefined,
      };
    },
  };
}
