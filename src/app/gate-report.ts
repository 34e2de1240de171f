import type { Comparison, GateOutcome } from '../core/gate/types.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { gateCheckOutput } from '../core/render/check-summary.ts';
import { renderGateProblem, type GateProblemReport } from '../core/render/gate-problem.ts';
import type { GateOverride } from '../core/render/headline.ts';
import { renderPullRequestComment } from '../core/render/pull-request-comment.ts';
import { renderReleaseNotes } from '../core/render/release-notes.ts';
import type { TrendPoint } from './comment-state.ts';
import type { PullRequestRef, RunRef } from './handler-context.ts';

/** What the gate of one head commit came to. */
export type GateResult =
  | {
      kind: 'compared';
      comparison: Comparison;
      outcome: GateOutcome;
      /** Markdown note from the App (e.g. the config file is missing). */
      notice: string | null;
    }
  | ({ kind: 'problem' } & GateProblemReport);

/** Everything the comment and the check show. */
export interface RenderGateInput {
  result: GateResult;
  override: GateOverride | null;
  pull: PullRequestRef;
  headSha: string;
  run: RunRef | null;
  trend: readonly TrendPoint[];
  /** Metric the trend points hold. */
  trendMetric: string | null;
}

/** The gate as posted: one result, rendered for the check and the comment. */
export interface RenderedGate {
  conclusion: 'success' | 'failure';
  title: string;
  /** Check run summary. */
  summary: string;
  /** Sticky comment body (starts with the marker), without the App's state block. */
  comment: string;
}

/** Room kept free in the comment for the hidden state block the App appends. */
const STATE_RESERVE = 8 * 1024;

/**
 * The comment, the check's title and summary, and its conclusion, from one gate result, so
 * the comment and the check cannot disagree. A comparison is rendered by the engine's
 * renderer; a problem (no comparison possible) by `renderGateProblem`, which the Action's
 * `report` mode shares.
 */
export function renderGate(input: RenderGateInput): RenderedGate {
  const { result, override, run } = input;
  if (result.kind === 'compared') {
    const { comparison } = result;
    const trend = input.trendMetric === comparison.primary_metric ? input.trend : [];
    const shared = {
      comparison,
      override,
      runUrl: run?.htmlUrl ?? null,
      trend,
      notices: result.notice === null ? [] : [result.notice],
      baseRef: input.pull.baseRef,
    };
    const check = gateCheckOutput(shared);
    return { ...check, comment: renderPullRequestComment({ ...shared, reserve: STATE_RESERVE }) };
  }
  return renderGateProblem({
    report: result,
    override,
    headSha: input.headSha,
    runUrl: run?.htmlUrl ?? null,
    nextStep:
      'Fix the problem and push, or comment `/modelgate rerun` once it is fixed on the default branch.',
    reserve: STATE_RESERVE,
  });
}

/** A release as the App knows it when it publishes the notes. */
export interface ReleaseNotesFor {
  tag: string;
  previousTag: string | null;
  metrics: MetricsReport;
  previousMetrics: MetricsReport | null;
  pull: PullRequestRef;
  run: RunRef;
  bumpReason: string;
  /** Names of the files attached to the release. */
  assets: readonly string[];
}

/** Release notes of a model release, rendered by the engine. */
export function releaseNotesFor(input: ReleaseNotesFor): string {
  return renderReleaseNotes({
    tag: input.tag,
    metrics: input.metrics,
    previous:
      input.previousTag === null || input.previousMetrics === null
        ? null
        : { tag: input.previousTag, metrics: input.previousMetrics },
    pullRequest: { number: input.pull.number, title: input.pull.title, url: input.pull.url },
    reason: input.bumpReason,
    runUrl: input.run.htmlUrl,
    assets: input.assets,
  });
}
