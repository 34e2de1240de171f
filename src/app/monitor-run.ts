import { InputError } from '../core/errors.ts';
import { findOpenDriftIssues, syncDriftIssue } from '../github/drift-issue.ts';
import { findPreviousReleaseTag } from '../github/release-lookup.ts';
import { downloadDriftReport } from './artifacts.ts';
import { driftBodyFor } from './drift-body.ts';
import type { HandlerContext, RunRef } from './handler-context.ts';
import { loadRepoSettings } from './repo-config.ts';

/** Hidden marker of the monitoring run a drift issue body or comment reports. */
export function monitorRunMarker(runId: number): string {
  return `<!-- modelgate:monitor-run ${runId} -->`;
}

/**
 * A completed monitoring run: opens the drift issue of the latest model release when the run
 * found dataset drift, comments on it when it is already open, and comments and closes it when
 * the data is clean again (`syncDriftIssue`). A redelivered webhook changes nothing: every body
 * carries the run's marker, and a run already reported on the open issue is skipped.
 */
export async function syncMonitorRun(ctx: HandlerContext, run: RunRef): Promise<void> {
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
  const marker = monitorRunMarker(run.id);
  if (await alreadyReported(ctx, release.tag, marker)) {
    ctx.log.info(
      `Monitoring run ${run.id} of ${where} was already reported on the drift issue of ${release.tag}.`,
    );
    return;
  }
  const result = await syncDriftIssue({
    ...ctx,
    releaseTag: release.tag,
    report,
    body: `${driftBodyFor({ report, run, releaseTag: release.tag })}\n\n${marker}\n`,
    labels: settings.monitor.labels,
  });
  ctx.log.info(
    `Drift of ${release.tag} in ${where} (run ${run.id}): ${result.action}${result.issue === null ? '' : ` #${result.issue.number}`}.`,
  );
}

/** True when the open drift issue of the release already holds this run's report. */
async function alreadyReported(
  ctx: HandlerContext,
  releaseTag: string,
  marker: string,
): Promise<boolean> {
  const { octokit, owner, repo } = ctx;
  const [open] = await findOpenDriftIssues({ ...ctx, releaseTag });
  if (open === undefined) return false;
  const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: open.number });
  if ((issue.body ?? '').includes(marker)) return true;
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: open.number,
    per_page: 100,
  })) {
    if (page.data.some((comment) => (comment.body ?? '').includes(marker))) return true;
  }
  return false;
}
