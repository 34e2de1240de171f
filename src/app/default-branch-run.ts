import { RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { nextVersion } from '../core/release/next-version.ts';
import { findGateCheck } from '../github/gate-check.ts';
import { findPreviousReleaseTag, findReleaseTagOf } from '../github/release-lookup.ts';
import { claimReleaseTag, publishRelease, type ReleaseAsset } from '../github/release.ts';
import { readHistoryRecord, writeHistoryRecord } from '../history/api-store.ts';
import type { RunArtifact } from '../github/artifact.ts';
import { downloadReport } from './artifacts.ts';
import { releaseNotesFor } from './gate-report.ts';
import type { HandlerContext, PullRequestRef, RunRef } from './handler-context.ts';
import { findMergedPullRequest } from '../github/pull-requests.ts';
import { loadRepoSettings, type RepoSettings } from './repo-config.ts';

/**
 * A completed run on the default branch: records the commit's metrics in the history branch
 * (the baseline of later pull requests), then, when the commit is the merge of a pull request
 * whose gate passed, tags it, publishes the release with the model and deploys it.
 *
 * Exactly once: a release tag already on this commit (any version, not only the newest) is
 * reused instead of computing a new version, and `publishRelease` only makes what is missing,
 * so a redelivered webhook, a re-run of an older run or a retry after a crash halfway finishes
 * the same release rather than making a second one.
 */
export async function recordDefaultBranchRun(ctx: HandlerContext, run: RunRef): Promise<void> {
  const where = `${ctx.owner}/${ctx.repo}@${run.headSha.slice(0, 7)}`;
  if (run.conclusion !== 'success') {
    ctx.log.info(
      `Default-branch run ${run.id} of ${where} ended with ${run.conclusion ?? 'no conclusion'}; nothing recorded.`,
    );
    return;
  }
  let settings: RepoSettings;
  let artifact: RunArtifact | null;
  try {
    settings = await loadRepoSettings(ctx);
    artifact = await downloadReport(ctx, run.id, { includeModel: true });
  } catch (error) {
    // Nobody waits on a default-branch check, so the problem is logged; the next pull request's
    // gate shows a config problem anyway.
    if (!(error instanceof InputError)) throw error;
    ctx.log.warn(`Default-branch run ${run.id} of ${where} not recorded: ${error.message}`);
    return;
  }
  if (artifact === null) return;

  await recordHistory(ctx, settings.historyBranch, run.headSha, artifact);

  if (!settings.release.enabled) return;
  const pull = await findMergedPullRequest({ ...ctx, sha: run.headSha });
  // A direct push, or a merge into another branch that reached this one later.
  if (pull === null || pull.mergeCommitSha !== run.headSha || pull.baseRef !== ctx.defaultBranch)
    return;
  const gate = await gateConclusion(ctx, pull.headSha);
  if (gate !== 'success') {
    ctx.log.info(
      `#${pull.number} merged as ${where} without a passing gate (${gate ?? 'none'}); not released.`,
    );
    return;
  }
  await release(ctx, { run, pull, settings, artifact });
}

/**
 * Writes `history/<sha>.json` unless it is there: a redelivery then writes nothing at all
 * (`writeHistoryRecord` would also refuse to overwrite, but only after a rejected write).
 */
async function recordHistory(
  ctx: HandlerContext,
  branch: string,
  sha: string,
  artifact: RunArtifact,
): Promise<void> {
  const where = `${ctx.owner}/${ctx.repo}@${sha.slice(0, 7)}`;
  try {
    if ((await readHistoryRecord({ ...ctx, branch, sha })) !== null) return;
  } catch (error) {
    // A record that fails validation is still a record: it is never overwritten.
    if (error instanceof InputError) {
      ctx.log.warn(
        `The history record of ${where} is invalid and was left as it is: ${error.message}`,
      );
      return;
    }
    throw error;
  }
  const result = await writeHistoryRecord({ ...ctx, branch, sha, metrics: artifact.metrics });
  ctx.log.info(`History record of ${where} in ${branch}: ${result.action}.`);
}

interface ReleaseInput {
  run: RunRef;
  pull: PullRequestRef;
  settings: RepoSettings;
  artifact: RunArtifact;
}

async function release(
  ctx: HandlerContext,
  { run, pull, settings, artifact }: ReleaseInput,
): Promise<void> {
  const prefix = settings.release.tag_prefix;
  const existing = await findReleaseTagOf({ ...ctx, prefix, sha: run.headSha });
  let tag: string;
  let reason: string;
  if (existing !== null) {
    tag = existing.tag;
    reason = 'tag already on this commit';
  } else {
    // Another replica may release another merge at the same moment; claimReleaseTag moves to
    // the version after its tag instead of failing on it. Of concurrent deliveries of this
    // commit, only the one whose tag it keeps (`created`) publishes.
    const claimed = await claimReleaseTag({
      ...ctx,
      sha: run.headSha,
      prefix,
      choose: (latest) =>
        nextVersion({
          previousTag: latest?.tag ?? null,
          prefix,
          labels: pull.labels,
          title: pull.title,
          bump: settings.release.bump,
          initialVersion: settings.release.initial_version,
        }),
    });
    if (claimed === null) {
      ctx.log.info(`#${pull.number} carries release:skip; not released.`);
      return;
    }
    if (!claimed.created) {
      // A concurrent delivery for this commit (another replica, or the Action) tagged it first
      // and publishes the release; publishing here too would race it to a second deployment.
      ctx.log.info(
        `${ctx.owner}/${ctx.repo}@${run.headSha.slice(0, 7)} was released as ${claimed.tag} by a concurrent delivery; nothing to do.`,
      );
      return;
    }
    tag = claimed.tag;
    reason = claimed.reason;
  }

  const previous = await findPreviousReleaseTag({ ...ctx, prefix, before: tag });
  const previousMetrics =
    previous === null
      ? null
      : await readHistoryRecord({ ...ctx, branch: settings.historyBranch, sha: previous.sha });
  const assets = assetsOf(artifact);
  const notes = releaseNotesFor({
    tag,
    previousTag: previous?.tag ?? null,
    metrics: artifact.metrics,
    previousMetrics,
    pull,
    run,
    bumpReason: reason,
    assets: assets.map((asset) => asset.name),
  });
  const result = await publishRelease({
    ...ctx,
    sha: run.headSha,
    tag,
    name: tag,
    notes,
    assets,
    environment: settings.release.environment,
  });
  ctx.log.info(
    `Release ${tag} of ${ctx.owner}/${ctx.repo} (${reason}): ${result.action}, ${result.release.url}.`,
  );
}

/** The conclusion of the App's `modelgate / gate` check on a commit, or null when there is none. */
async function gateConclusion(ctx: HandlerContext, sha: string): Promise<string | null> {
  const check = await findGateCheck({ ...ctx, headSha: sha, appId: ctx.identity.id });
  if (check === null) return null;
  const { data } = await ctx.octokit.rest.checks.get({
    owner: ctx.owner,
    repo: ctx.repo,
    check_run_id: check.id,
  });
  return data.conclusion;
}

/** The model, its metrics and its profile, as release assets. */
function assetsOf(artifact: RunArtifact): ReleaseAsset[] {
  const assets: ReleaseAsset[] = [
    {
      name: RUN_FILES.metrics,
      data: `${JSON.stringify(artifact.metrics, null, 2)}\n`,
      contentType: 'application/json',
    },
  ];
  if (artifact.profile !== null) {
    assets.push({
      name: RUN_FILES.profile,
      data: `${JSON.stringify(artifact.profile)}\n`,
      contentType: 'application/json',
    });
  }
  for (const [path, data] of artifact.model ?? []) {
    // Release assets are flat: model/model.json → model.json, model/weights.bin → weights.bin.
    const name = path.slice(`${RUN_FILES.modelDir}/`.length).replaceAll('/', '-');
    assets.push({
      name,
      data,
      contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    });
  }
  return assets;
}
