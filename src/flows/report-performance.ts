import { PERFORMANCE_RUN_SCHEMA } from '../core/constants.ts';
import { errorMessage } from '../core/errors.ts';
import type { PerformanceReport } from '../core/performance/performance-report.ts';
import { performanceBodyFor } from '../core/render/performance-body.ts';
import type { TrendPoint } from '../core/render/trend-chart.ts';
import type { PerformanceRunRecord } from '../history/performance-trend.ts';
import type { FlowPort } from './ports.ts';
import { syncReleaseIssue, type MonitoringRun, type SyncedIssue } from './release-issue.ts';

/** A monitoring run and the performance report it produced. */
export interface PerformanceRequest {
  /** The run attempt; null when it is not known (a local run): nothing is recorded then. */
  run: MonitoringRun | null;
  report: PerformanceReport;
}

/** What became of the release's performance issue. */
export type PerformanceOutcome =
  | { kind: 'skipped'; reason: string }
  | (SyncedIssue & {
      /** The issue text of this run, trend included. */
      body: string;
    });

/** The metric the trend follows: the first failing rule's, else the first rule's. */
function trendMetric(report: PerformanceReport): string {
  const failed = report.rules.find((rule) => rule.status === 'fail');
  return failed?.metric ?? report.rules[0]?.metric ?? 'accuracy';
}

function recordOf(report: PerformanceReport, run: { id: number; attempt: number }) {
  const values = report.realised ?? report.estimated ?? {};
  const record: PerformanceRunRecord = {
    schema: PERFORMANCE_RUN_SCHEMA,
    release_tag: report.release_tag,
    run: { id: run.id, attempt: run.attempt },
    basis: report.basis,
    values: Object.fromEntries(Object.entries(values)),
  };
  return record;
}

/**
 * The one performance monitoring decision, for the App and the Action alike: the run's point
 * joins the release's trend on the history branch, and a drop opens the release's one
 * performance issue (or comments on it, or reopens it) with the trend as a chart; a clean run
 * comments and closes it. The run attempt's marker makes a second writer write nothing.
 */
export async function reportPerformance(
  port: FlowPort,
  request: PerformanceRequest,
): Promise<PerformanceOutcome> {
  const config = await port.readConfig();
  if (config.kind === 'invalid') {
    port.log.warn(`Performance not reported: ${config.detail}`);
    return { kind: 'skipped', reason: config.detail };
  }
  const { release, monitor, history } = config.config;
  const { report, run } = request;
  const latest = await port.previousReleaseTag(release.tag_prefix);
  if (latest === null || latest.tag !== report.release_tag) {
    const reason =
      latest === null
        ? `no ${release.tag_prefix}X.Y.Z release to attach the performance report to`
        : `the report is of ${report.release_tag}, but the latest release is ${latest.tag}`;
    port.log.info(`Performance monitoring: ${reason}.`);
    return { kind: 'skipped', reason };
  }
  const current = run === null ? null : recordOf(report, run);
  let trend: PerformanceRunRecord[] = [];
  try {
    if (current !== null) await port.recordPerformanceRun(history.branch, current);
    trend = await port.readPerformanceTrend(history.branch, latest.tag);
  } catch (error) {
    // A missing point costs the chart one run; it must not keep the issue from being written.
    port.log.warn(`The performance trend of ${latest.tag} was not updated: ${errorMessage(error)}`);
  }
  const seen = (record: PerformanceRunRecord) =>
    current !== null &&
    record.run.id === current.run.id &&
    record.run.attempt === current.run.attempt;
  if (current !== null && !trend.some(seen)) trend.push(current);
  const metric = trendMetric(report);
  const points: TrendPoint[] = trend.map((record) => ({
    sha: '',
    label: `run ${record.run.id}${record.run.attempt > 1 ? `.${record.run.attempt}` : ''}`,
    value: record.values[metric] ?? null,
  }));
  const body = performanceBodyFor({
    report,
    releaseTag: latest.tag,
    run: run ?? { id: 0, name: 'monitoring', htmlUrl: '' },
    trend: { metric, points },
  });
  const result = await syncReleaseIssue(port, {
    kind: 'performance',
    releaseTag: latest.tag,
    open: report.performance_drop,
    body,
    labels: monitor.performance?.labels ?? ['performance'],
    run,
  });
  return { ...result, body };
}
