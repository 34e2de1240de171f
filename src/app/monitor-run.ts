import { InputError } from '../core/errors.ts';
import { syncDriftIssue } from '../github/drift-issue.ts';
import { compareDriftRuns, type DriftRun } from '../github/drift-runs.ts';
import { findPreviousReleaseTag } from '../github/release-lookup.ts';
import { downloadDriftReport } from './artifacts.ts';
import { driftBodyFor } from '../github/drift-body.ts';
import type { HandlerContext, RunRef } from './handler-context.ts';
import { loadRepoSettings } from './repo-config.ts';

/**
 * A completed monitoring run: opens the drift issue of the latest model release when the run
 * found dataset drift, comments on it when it is already open, and comments and closes it when
 * the data is clean again (`syncDriftIssue`). Every body carries the run attempt's marker, so
 * nothing is written when the Action already reported the run with its own token, when the
 * delivery repeats, or when it comes after a newer run was reported. Only called for runs
 * `classifyRun` trusts to speak for the default branch: the report is not checked again here.
 */
export async function syncMonitorRun(
  ctx: HandlerContext,
  run: RunRef,
  attempt: number,
): Promise<void> {
  const where = `${ctx.owner}/${ctx.repo}`;
  let settings;
  let report;
  try {
    settings = await loadRepoSettings(ctx);
    report = await downloadDriftReport(ctx, run.id);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    ctx.log.warn(`Monitoring run ${run.id} of ${where} not reported: ${error.message}`);
    return;
  }
  if (report === null) return;

  const release = await findPreviousReleaseTag({ ...ctx, prefix: settings.release.tag_prefix });
  if (release === null) {
    ctx.log.info(
      `Monitoring run ${run.id} of ${where}: no ${settings.release.tag_prefix}* release to attach drift to.`,
    );
    return;
  }
  const driftRun: DriftRun = { id: run.id, attempt };
  const result = await syncDriftIssue({
    ...ctx,
    releaseTag: release.tag,
    report,
    body: driftBodyFor({ report, run, releaseTag: release.tag }),
    labels: settings.monitor.labels,
    run: driftRun,
  });
  const issue = result.issue === null ? '' : ` #${result.issue.number}`;
  if (result.reported !== undefined) {
    const by =
      compareDriftRuns(result.reported, driftRun) === 0
        ? 'already reported'
        : `not newer than run ${result.reported.id} (attempt ${result.reported.attempt}), already reported`;
    ctx.log.info(
      `Monitoring run ${run.id} (attempt ${attempt}) of ${where} is ${by} on${issue} for ${release.tag}; nothing to do.`,
    );
    return;
  }
  ctx.log.info(
    `Drift of ${release.tag} in ${where} (run ${run.id}, attempt ${attempt}): ${result.action}${issue}.`,
  );
}
