import * as core from '@actions/core';
import type { Config } from '../core/config/schema.ts';
import { DRIFT_ARTIFACT_NAME } from '../core/constants.ts';
import { driftReport, type DriftReport, type Profile } from '../core/drift/index.ts';
import { errorMessage } from '../core/errors.ts';
import { readTable } from '../data/read-table.ts';
import type { MonitoringOutcome } from '../flows/report-monitoring.ts';
import { issueLine } from './issue-line.ts';
import { inGroup, LOG_GROUPS } from './log-groups.ts';
import { isPermissionError } from './write-guard.ts';

/**
 * Compares the production data at `dataPath` with the release's profile, by the config's
 * `monitor` settings. The path stays relative to the working directory (run() entered it), so
 * the report names the file as the repository does.
 */
export async function measureDrift(
  reference: Profile,
  dataPath: string,
  config: Config,
): Promise<DriftReport> {
  const categorical = config.monitor.categorical ?? config.data.categorical;
  const table = await inGroup('data', () =>
    readTable(dataPath, categorical ? { categorical } : {}),
  );
  // Production data may carry the label once it is known; the profile leaves it out, and
  // drift of the label is not drift of the model's inputs.
  const current = {
    ...table,
    columns: table.columns.filter((column) => column.name !== config.data.label),
  };
  // Synchronous: a start and an end rather than core.group's callback.
  core.startGroup(LOG_GROUPS.compare);
  const report = driftReport({
    reference,
    current,
    options: {
      driftShare: config.monitor.drift_share,
      ...(config.monitor.method === undefined ? {} : { method: config.monitor.method }),
      ...(config.monitor.threshold === undefined ? {} : { threshold: config.monitor.threshold }),
      ...(categorical === undefined
        ? {}
        : { categorical: categorical.filter((name) => name !== config.data.label) }),
    },
  });
  core.endGroup();
  return report;
}

/**
 * Runs the monitoring flow and says in one line what happened. A token that may not read or
 * write issues is no failure here: the `modelgate-drift` artifact carries the report to the
 * App, which writes the issue with its own token when the run completes.
 */
export async function reportDriftIssue(
  sync: () => Promise<MonitoringOutcome>,
  releaseTag: string,
): Promise<string> {
  let result: MonitoringOutcome;
  try {
    result = await inGroup('publish', sync);
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    const reason = (errorMessage(error).split('\n')[0] ?? '').trim().replace(/\.+$/, '');
    return `This token may not write issues (${reason}), so the drift issue of ${releaseTag} is left to the modelgate App, which reports this run from the \`${DRIFT_ARTIFACT_NAME}\` artifact; without the App, give the workflow \`issues: write\`.`;
  }
  return issueLine('drift', result);
}
