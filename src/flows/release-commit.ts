import type { GateRule } from '../core/config/schema.ts';
import { sha256Hex } from '../github/asset-digest.ts';
import { InputError } from '../core/errors.ts';
import { compareRuns, compareWithPredictions } from '../core/gate/compare.ts';
import type { Comparison } from '../core/gate/types.ts';
import type { PredictionSet } from '../core/significance/pairing.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { nextVersion } from '../core/release/next-version.ts';
import type { ReleaseAsset } from '../core/release/release-assets.ts';
import { gateCheckOutput } from '../core/render/check-summary.ts';
import { renderReleaseNotes } from '../core/render/release-notes.ts';
import { runOrderKey } from '../core/gate/run-policy.ts';
import type { PullRequest, FlowPort, ReleaseTagRef, WorkflowRun } from './ports.ts';

/** A default-branch commit and what its run produced. */
export interface ReleaseRequest {
  sha: string;
  /** The run that trained the commit (for links and the check); null when unknown. */
  run: Pick<WorkflowRun, 'id' | 'attempt' | 'htmlUrl'> | null;
  /**
   * The run's metrics and the files the release carries (model, metrics, profile), read only
   * once they are needed: a commit that is skipped needs none. Throws InputError naming a
   * missing file, before anything is tagged.
   */
  loadRun(): Promise<{
    metrics: MetricsReport;
    assets: readonly ReleaseAsset[];
    /** The run's validated predictions.csv, for paired tests against the previous release. */
    predictions?: PredictionSet | null;
    /** Its text, kept beside the history record. */
    predictionsCsv?: string | null;
  }>;
  /** Also write the commit's history record (the App; the Action's train step writes it). */
  recordHistory: boolean;
}

/** What became of the commit. */
export type ReleaseOutcome =
  | { kind: 'not-released'; reason: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'released'; tag: string; url: string; action: 'created' | 'existing'; notes: string }
  | { kind: 'concurrent'; tag: string };

/**
 * The one release decision, for the App and the Action alike. A default-branch commit is
 * released when it is the merge commit of a pull request into the default branch whose gate
 * passed, and when its own run's report passes the gate rules against the previous release —
 * what is tagged and deployed is the model this commit trained, which no pull request gate
 * saw. A failing report creates no tag, release or deployment and leaves a failing check on
 * the commit saying why. Exactly once: a release tag already on the commit is finished rather
 * than a new version computed, and every write looks before it writes.
 */
export async function releaseCommit(
  port: FlowPort,
  request: ReleaseRequest,
): Promise<ReleaseOutcome> {
  const { sha } = request;
  const short = sha.slice(0, 7);
  const config = await port.readConfig();
  if (config.kind === 'invalid')
    return notReleased(port, `the config is invalid: ${config.detail}`);
  const { release, history, gate } = config.config;
  if (request.recordHistory) {
    const { metrics, predictionsCsv } = await request.loadRun();
    const written = await port.recordHistory(sha, history.branch, metrics, predictionsCsv);
    port.log.info(`History record of ${short} in ${history.branch}: ${written}.`);
  }
  if (!release.enabled) return notReleased(port, 'release.enabled is false in the config');
  const prefix = release.tag_prefix;

  const existing = await port.releaseTagOf(prefix, sha);
  let pull: PullRequest | null = null;
  let tag: string;
  let reason: string;
  if (existing !== null) {
    tag = existing.tag;
    reason = `${tag} already tags this commit`;
  } else {
    pull = await port.mergedPullRequestOf(sha);
    // Only the merge that made this very commit, into the default branch, speaks for it.
    if (pull === null || pull.mergeCommitSha !== sha || pull.baseRef !== port.defaultBranch)
      return notReleased(
        port,
        `commit ${short} was not merged from a pull request into ${port.defaultBranch}, so it has no gate verdict`,
      );
    const gateCheck = await port.findGateCheck(pull.headSha);
    if (gateCheck?.conclusion !== 'success')
      return notReleased(
        port,
        `#${pull.number} did not pass its gate (${gateCheck?.conclusion ?? 'no modelgate / gate check'})`,
      );
    const merged = pull;
    const choose = (previousTag: string | null) =>
      nextVersion({
        previousTag,
        prefix,
        labels: merged.labels,
        title: merged.title,
        bump: release.bump,
        initialVersion: release.initial_version,
      });
    if (choose(null) === null)
      return notReleased(port, `#${merged.number} is labelled release:skip`);

    const { metrics, predictions = null } = await request.loadRun();
    const previous = await port.previousReleaseTag(prefix);
    const judged = await judgeAgainst(port, previous, history.branch, {
      metrics,
      predictions,
      rules: gate,
    });
    const check = gateCheckOutput({ comparison: judged, runUrl: request.run?.htmlUrl ?? null });
    if (judged.verdict === 'fail') {
      await port.publishGateCheck(
        sha,
        {
          ...check,
          title: `Not released: ${check.title}`,
          ...(request.run === null ? {} : { externalId: runOrderKey(request.run) }),
        },
        await port.findGateCheck(sha),
      );
      const why = judged.failures.map((failure) => failure.reason).join('; ');
      port.log.warn(`${short} not released: its own report fails the gate (${why}).`);
      return { kind: 'rejected', reason: why };
    }
    const claimed = await port.claimReleaseTag(prefix, sha, (latest) =>
      choose(latest?.tag ?? null),
    );
    if (claimed === null) return notReleased(port, `#${merged.number} is labelled release:skip`);
    if (!claimed.created) {
      port.log.info(
        `${short} was released as ${claimed.tag} by a concurrent delivery; nothing to do.`,
      );
      return { kind: 'concurrent', tag: claimed.tag };
    }
    tag = claimed.tag;
    reason = claimed.reason;
  }

  const { metrics, assets } = await request.loadRun();
  const before = await port.previousReleaseTag(prefix, tag);
  const previousMetrics =
    before === null ? null : await port.readHistory(before.sha, history.branch);
  const notes = renderReleaseNotes({
    tag,
    metrics,
    previous:
      before === null || previousMetrics === null
        ? null
        : { tag: before.tag, metrics: previousMetrics },
    pullRequest: pull === null ? null : { number: pull.number, title: pull.title, url: pull.url },
    reason,
    runUrl: request.run?.htmlUrl ?? null,
    assets: assets.map((asset) => ({ name: asset.name, sha256: sha256Hex(asset.data) })),
    framework: config.config.model.framework ?? null,
  });
  const published = await port.publishRelease({
    sha,
    tag,
    notes,
    assets,
    environment: release.environment,
    deploymentStatus: release.deployment_status,
  });
  port.log.info(`Release ${tag} of ${short} (${reason}): ${published.action}, ${published.url}.`);
  return { kind: 'released', tag, url: published.url, action: published.action, notes };
}

/**
 * The commit's report against the previous release's record, by the gate rules: with both
 * runs' predictions the paired tests of `significance` rules apply, as on the pull request.
 * Predictions that cannot be paired are dropped, never trusted: the bounds alone then apply.
 */
async function judgeAgainst(
  port: FlowPort,
  previous: ReleaseTagRef | null,
  branch: string,
  run: { metrics: MetricsReport; predictions: PredictionSet | null; rules: readonly GateRule[] },
): Promise<Comparison> {
  const baseline = previous === null ? null : await port.readHistory(previous.sha, branch);
  const options = previous === null ? {} : { baselineSha: previous.sha };
  const plain = () =>
    compareRuns({ baseline, candidate: run.metrics, rules: run.rules, ...options });
  const basePredictions =
    previous === null || baseline === null
      ? null
      : await port.readHistoryPredictions(previous.sha, branch);
  if (basePredictions === null && run.predictions === null) return plain();
  try {
    return compareWithPredictions(
      baseline === null ? null : { metrics: baseline, predictions: basePredictions },
      { metrics: run.metrics, predictions: run.predictions },
      run.rules,
      options,
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    port.log.warn(`The predictions could not be paired (${error.message}); bounds alone apply.`);
    return plain();
  }
}

function notReleased(port: FlowPort, reason: string): ReleaseOutcome {
  port.log.info(`Not released: ${reason}.`);
  return { kind: 'not-released', reason };
}
