import { InputError } from '../core/errors.ts';
import { driftIssueMarker, findOpenDriftIssues, syncDriftIssue } from '../github/drift-issue.ts';
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
 * the data is clean again (`syncDriftIssue`). A redelivered or late webhook changes nothing:
 * every body carries the run's marker, and a run no newer than the last one reported is skipped.
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
  // Deliveries can repeat or arrive late; a run no newer than the last one reported on the
  // release's issue (open, or closed when there is none open) changes nothing.
  const newest = await newestReportedRun(ctx, release.tag, settings.monitor.labels);
  if (newest !== null && newest >= run.id) {
    ctx.log.info(
      `Monitoring run ${run.id} of ${where} is not newer than run ${newest}, already reported for ${release.tag}; nothing to do.`,
    );
    return;
  }
  const marker = monitorRunMarker(run.id);
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

const RUN_MARKER = /<!-- modelgate:monitor-run (\d+) -->/g;

/**
 * The id of the newest monitoring run reported on the release's drift issue: the open one,
 * else the most recently closed one. Run ids grow over time, so an older run redelivered after
 * a newer one (a stale "drift" after the issue was closed, a stale "clean" after it reopened)
 * is recognised. Null when no issue of the release exists.
 */
async function newestReportedRun(
  ctx: HandlerContext,
  releaseTag: string,
  labels: readonly string[],
): Promise<number | null> {
  const { octokit, owner, repo } = ctx;
  const [open] = await findOpenDriftIssues({ ...ctx, releaseTag });
  let number = open?.number;
  if (number === undefined) {
    // Only the latest closed issues of the drift labels: an issue closed long ago belongs to
    // a monitoring history that a new run is allowed to reopen.
    const { data: closed } = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'closed',
      labels: labels.join(','),
      sort: 'updated',
      direction: 'desc',
      per_page: 30,
    });
    number = closed.find(
      (issue) =>
        issue.pull_request === undefined &&
        (issue.body ?? '').includes(driftIssueMarker(releaseTag)),
    )?.number;
  }
  if (number === undefined) return null;
  const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: number });
  const bodies = [issue.body ?? ''];
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  })) {
    bodies.push(...page.data.map((comment) => comment.body ?? ''));
  }
  const ids = bodies.flatMap((body) =>
    [...body.matchAll(RUN_MARKER)].map((match) => Number(match[1])),
  );
  return ids.length === 0 ? null : Math.max(...ids);
}
