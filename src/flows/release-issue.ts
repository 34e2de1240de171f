import type { FlowPort, MonitorIssueName } from './ports.ts';

/** The attempt of a monitoring run, as its issue's marker and links name it. */
export interface MonitoringRun {
  id: number;
  attempt: number;
  name: string;
  htmlUrl: string;
}

/** A release's monitoring issue (drift or performance) after a run reported on it. */
export interface SyncedIssue {
  kind: 'synced';
  releaseTag: string;
  action: string;
  issue: { number: number; url: string } | null;
  alreadyReported: boolean;
}

/** How the log names each issue's verdict. */
const LOG_NAMES: Record<MonitorIssueName, string> = { drift: 'Drift', performance: 'Performance' };

/**
 * Brings the release's one issue of `kind` in line with a monitoring run, for the drift and
 * the performance flows alike: a problem opens it (or comments on the open one, or reopens
 * the closed one), a clean run comments and closes it. The run attempt's marker makes the
 * second writer of the same run (the Action and the App) and any late delivery write nothing.
 */
export async function syncReleaseIssue(
  port: FlowPort,
  input: {
    kind: MonitorIssueName;
    releaseTag: string;
    /** Whether the run found a problem: drift, or a performance drop. */
    open: boolean;
    body: string;
    labels: readonly string[];
    run: MonitoringRun | null;
  },
): Promise<SyncedIssue> {
  const { releaseTag, run } = input;
  const result = await port.syncMonitorIssue({
    ...input,
    run: run === null ? null : { id: run.id, attempt: run.attempt },
  });
  port.log.info(
    `${LOG_NAMES[input.kind]} of ${releaseTag}: ${result.alreadyReported ? 'already reported' : result.action}${result.issue === null ? '' : ` #${result.issue.number}`}.`,
  );
  return { kind: 'synced', releaseTag, ...result };
}
