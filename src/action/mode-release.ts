import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { MetricsReportSchema, type MetricsReport } from '../core/metrics-report.ts';
import { nextVersion } from '../core/release/next-version.ts';
import { renderReleaseNotes } from '../core/render/release-notes.ts';
import type { RepoContext } from '../github/octokit.ts';
import {
  downloadReleaseAsset,
  findPreviousReleaseTag,
  findReleaseTagOf,
} from '../github/release-lookup.ts';
import { findGateCheck } from '../github/gate-check.ts';
import { findMergedPullRequest, type PullRequestInfo } from '../github/pull-requests.ts';
import { claimReleaseTag, publishRelease, type ReleaseAsset } from '../github/release.ts';
import { readWorkspaceConfig } from './config-source.ts';
import { branchOfRef, defaultBranchFromPayload, type ActionContext } from './context.ts';
import type { Inputs } from './inputs.ts';
import { requireOctokit, type ActionOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { isFile, readRunMetrics } from './run-dir.ts';
import { writeSummary } from './summary.ts';
import { guardWrite } from './write-guard.ts';

/** A released metrics.json is small; anything bigger is not ours. */
const MAX_METRICS_ASSET_BYTES = 5 * 1024 * 1024;

/** Files of the run directory attached to the release, with their media types. */
const ASSET_FILES: readonly {
  path: string;
  name: string;
  contentType: string;
  optional?: boolean;
}[] = [
  { path: RUN_FILES.modelJson, name: 'model.json', contentType: 'application/json' },
  { path: RUN_FILES.weights, name: 'weights.bin', contentType: 'application/octet-stream' },
  {
    path: RUN_FILES.preprocessing,
    name: 'preprocessing.json',
    contentType: 'application/json',
    optional: true,
  },
  { path: RUN_FILES.metrics, name: 'metrics.json', contentType: 'application/json' },
  { path: RUN_FILES.profile, name: 'profile.json', contentType: 'application/json' },
];

async function releaseAssets(runDir: string): Promise<ReleaseAsset[]> {
  const assets: ReleaseAsset[] = [];
  for (const file of ASSET_FILES) {
    const path = join(runDir, file.path);
    if (!(await isFile(path))) {
      if (file.optional) continue;
      throw new InputError(
        `The run directory has no ${file.path}; run a 'train' step before 'release'.`,
      );
    }
    assets.push({
      name: file.name,
      data: new Uint8Array(await readFile(path)),
      contentType: file.contentType,
    });
  }
  return assets;
}

/** The previous release's metrics.json, for "the change since the previous release". */
async function previousMetrics(
  context: RepoContext & { tag: string },
): Promise<MetricsReport | null> {
  try {
    const bytes = await downloadReleaseAsset({
      ...context,
      name: RUN_FILES.metrics,
      maxBytes: MAX_METRICS_ASSET_BYTES,
    });
    return MetricsReportSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (error) {
    // An older release without the asset, or one made by hand, only loses the comparison.
    core.warning(
      `The previous release ${context.tag} has no usable metrics.json (${error instanceof Error ? error.message : String(error)}); the notes show this release's metrics only.`,
    );
    return null;
  }
}

/** Conclusion of the `modelgate / gate` check run on a commit, or null when there is none. */
async function gateConclusion(
  octokit: ActionOctokit,
  owner: string,
  repo: string,
  sha: string,
): Promise<string | null> {
  const check = await findGateCheck({ octokit, owner, repo, headSha: sha });
  if (check === null) return null;
  const { data } = await octokit.rest.checks.get({ owner, repo, check_run_id: check.id });
  return data.conclusion ?? data.status;
}

/**
 * `release` mode, on a push to the default branch after a `train` step: when the commit is
 * the merge of a pull request whose `modelgate / gate` check passed, tag it
 * `<prefix>X.Y.Z`, publish a GitHub release with the model, metrics and profile as assets,
 * and create a deployment to `release.environment`. Re-running it on the same commit, even
 * after newer releases, finishes a half-made release and changes nothing else: the release
 * tag already on the commit is reused rather than a new version computed. Tagging is shared
 * with the App (`claimReleaseTag`), so a version another release took meanwhile is skipped,
 * and when the App (or another run) releases the same commit at the same time, one of them
 * publishes and the other reports the release as already made.
 */
export async function releaseMode(inputs: Inputs, context: ActionContext): Promise<void> {
  const config = await readWorkspaceConfig(inputs.workingDirectory, inputs.config);
  core.setOutput(OUTPUTS.tag, '');
  if (!config.release.enabled) {
    core.info('release.enabled is false in the config: nothing to release.');
    return;
  }
  const octokit = requireOctokit(inputs, context, 'release');
  const { owner, repo, sha } = context;
  const defaultBranch =
    defaultBranchFromPayload(context.payload) ??
    (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
  if (branchOfRef(context.ref) !== defaultBranch) {
    core.notice(
      `'release' mode releases pushes to the default branch ${defaultBranch}; ${context.ref ?? 'this ref'} is not it, so nothing was released.`,
    );
    return;
  }
  const runDir = resolve(inputs.workingDirectory, inputs.runDir);
  const metrics = await readRunMetrics(runDir, 'release');
  const prefix = config.release.tag_prefix;

  // Any release tag on this commit, not only the newest: a re-run of an older push run comes
  // after newer releases and must find its own rather than tag the commit again.
  const existing = await findReleaseTagOf({ octokit, owner, repo, prefix, sha });
  let tag: string;
  let reason: string;
  let pullRequest: PullRequestInfo | null = null;
  let assets: ReleaseAsset[];
  if (existing !== null) {
    tag = existing.tag;
    reason = `${tag} already tags this commit`;
    assets = await releaseAssets(runDir);
  } else {
    pullRequest = await findMergedPullRequest({ octokit, owner, repo, sha });
    if (pullRequest === null || pullRequest.baseRef !== defaultBranch) {
      core.notice(
        `Commit ${sha.slice(0, 7)} was not merged from a pull request, so it has no gate verdict: nothing was released.`,
      );
      return;
    }
    const conclusion = await gateConclusion(octokit, owner, repo, pullRequest.headSha);
    if (conclusion !== 'success') {
      core.notice(
        `Pull request #${pullRequest.number} ${conclusion === null ? 'has no modelgate / gate check' : `did not pass its gate (modelgate / gate: ${conclusion})`}: nothing was released.`,
      );
      return;
    }
    const merged = pullRequest;
    const choose = (previousTag: string | null) =>
      nextVersion({
        previousTag,
        prefix,
        labels: merged.labels,
        title: merged.title,
        bump: config.release.bump,
        initialVersion: config.release.initial_version,
      });
    // release:skip does not depend on the previous tag, and needs no files.
    if (choose(null) === null) {
      core.notice(`Pull request #${merged.number} is labelled release:skip: nothing was released.`);
      return;
    }
    // Before tagging: a run directory missing a file would leave a tag, which takes its
    // version for good, with no release behind it.
    assets = await releaseAssets(runDir);
    const claim = await guardWrite(`tag ${sha.slice(0, 7)} for release`, 'contents: write', () =>
      claimReleaseTag({
        octokit,
        owner,
        repo,
        sha,
        prefix,
        choose: (latest) => choose(latest?.tag ?? null),
      }),
    );
    if (!claim.ok) {
      await writeSummary(
        `## modelgate release

Commit ${sha.slice(0, 7)} could not be tagged for release: ${claim.reason}`,
      );
      return;
    }
    // choose() gives null only for release:skip, which returned above.
    if (claim.value === null) throw new Error('release:skip reached the release tag claim');
    if (!claim.value.created) {
      // A concurrent run for this commit tagged it first and publishes the release; publishing
      // here too would race it to a second deployment.
      core.setOutput(OUTPUTS.tag, claim.value.tag);
      core.info(`Already released as ${claim.value.tag} by a concurrent run of this commit.`);
      await writeSummary(
        `## modelgate release ${claim.value.tag}\n\nCommit ${sha.slice(0, 7)} was already released as ${claim.value.tag} by a concurrent run; nothing new was made.`,
      );
      return;
    }
    tag = claim.value.tag;
    reason = claim.value.reason;
  }

  const before = await findPreviousReleaseTag({ octokit, owner, repo, prefix, before: tag });
  const previous =
    before === null ? null : await previousMetrics({ octokit, owner, repo, tag: before.tag });
  const notes = renderReleaseNotes({
    tag,
    metrics,
    previous: previous === null || before === null ? null : { tag: before.tag, metrics: previous },
    pullRequest:
      pullRequest === null
        ? null
        : { number: pullRequest.number, title: pullRequest.title, url: pullRequest.url },
    reason,
    assets: assets.map((asset) => asset.name),
  });
  const outcome = await guardWrite(
    `publish release ${tag}`,
    'contents: write and deployments: write',
    () =>
      publishRelease({
        octokit,
        owner,
        repo,
        sha,
        tag,
        name: tag,
        notes,
        assets,
        environment: config.release.environment,
      }),
  );
  if (!outcome.ok) {
    await writeSummary(
      `## modelgate release\n\nRelease ${tag} could not be published: ${outcome.reason}\n\n${notes}`,
    );
    return;
  }
  const result = outcome.value;
  core.setOutput(OUTPUTS.tag, tag);
  core.info(
    `${result.action === 'created' ? `Released ${tag}` : `Already released as ${tag}`}: ${result.release.url}` +
      (result.deployment
        ? ` (deployment ${result.deployment.id} to ${result.deployment.environment})`
        : ''),
  );
  const already =
    result.action === 'existing'
      ? `Commit ${sha.slice(0, 7)} was already released as ${tag}; nothing new was made.\n\n`
      : '';
  await writeSummary(`## modelgate release [${tag}](${result.release.url})\n\n${already}${notes}`);
}
