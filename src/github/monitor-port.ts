import type { MonitorIssueName, MonitorPort, PerformancePort } from '../flows/ports.ts';
import { readPerformanceTrend, recordPerformanceRun } from '../history/performance-trend.ts';
import { DRIFT_ISSUE_KIND, syncDriftIssue, type MonitorIssueKind } from './drift-issue.ts';
import type { DriftAuthors } from './drift-lookup.ts';
import type { RepoContext } from './octokit.ts';
import { PERFORMANCE_ISSUE_KIND } from './performance-issue.ts';
import { performanceReportOf, type DriftArtifact } from './run-artifacts.ts';

/** Each monitoring issue's markers, title and texts. */
const ISSUE_KINDS: Record<MonitorIssueName, MonitorIssueKind> = {
  drift: DRIFT_ISSUE_KIND,
  performance: PERFORMANCE_ISSUE_KIND,
};

/**
 * The monitoring half of the flows' port over an Octokit: the drift issue and the performance
 * issue of a release, both written by the one lifecycle (`syncDriftIssue`: open, comment,
 * close on a clean run, reopen) under their own markers, title and texts; and the performance
 * run's report from the drift artifact (downloaded once per delivery by `driftArtifact`)
 * and its trend on the history branch.
 */
export function createMonitorPort(
  context: RepoContext,
  authors: DriftAuthors | undefined,
  driftArtifact: (runId: number) => Promise<DriftArtifact | null>,
): MonitorPort & PerformancePort {
  return {
    async syncMonitorIssue(input) {
      const result = await syncDriftIssue({
        ...context,
        kind: ISSUE_KINDS[input.kind],
        releaseTag: input.releaseTag,
        report: { dataset_drift: input.open },
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
    readPerformanceReport: async (runId) => performanceReportOf(await driftArtifact(runId)),
    recordPerformanceRun: (branch, record) => recordPerformanceRun({ ...context, branch }, record),
    readPerformanceTrend: (branch, releaseTag) =>
      readPerformanceTrend({ ...context, branch }, releaseTag),
  };
}
