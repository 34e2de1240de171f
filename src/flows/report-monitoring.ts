import type { DriftReport } from '../core/drift/drift-report.ts';
import { driftBodyFor } from '../core/render/drift-body.ts';
import type { FlowPort } from './ports.ts';
import { syncReleaseIssue, type MonitoringRun, type SyncedIssue } from './release-issue.ts';

/** A monitoring run and the drift report it produced. */
export interface MonitoringRequest {
  /** The run attempt; null when it is not known (a local run). */
  run: MonitoringRun | null;
  report: DriftReport;
}

/** What became of the release's drift issue. */
export type MonitoringOutcome = { kind: 'no-release'; reason: string } | SyncedIssue;

/**
 * The one monitoring decision, for the App and the Action alike: drift of the latest release's
 * inputs opens its one issue (or comments on the open one, or reopens the closed one); a clean
 * run comments and closes it. The run attempt's marker makes the second writer of the same
 * run (the Action and the App) and any late delivery write nothing.
 */
export async function reportMonitoring(
  port: FlowPort,
  request: MonitoringRequest,
): Promise<MonitoringOutcome> {
  const config = await port.readConfig();
  if (config.kind === 'invalid') {
    port.log.warn(`Monitoring not reported: ${config.detail}`);
    return { kind: 'no-release', reason: config.detail };
  }
  const { release, monitor } = config.config;
  const latest = await port.previousReleaseTag(release.tag_prefix);
  if (latest === null) {
    const reason = `no ${release.tag_prefix}X.Y.Z release to attach drift to`;
    port.log.info(`Monitoring: ${reason}.`);
    return { kind: 'no-release', reason };
  }
  const body = driftBodyFor({
    report: request.report,
    releaseTag: latest.tag,
    run: request.run ?? { id: 0, name: 'monitoring', htmlUrl: '' },
  });
  return syncReleaseIssue(port, {
    kind: 'drift',
    releaseTag: latest.tag,
    open: request.report.dataset_drift,
    body,
    labels: monitor.labels,
    run: request.run,
  });
}
