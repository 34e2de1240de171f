import { COMMENT_MARKER } from '../core/constants.ts';
import type { Comparison, GateOutcome } from '../core/gate/types.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { gateCheckOutput } from '../core/render/check-summary.ts';
import { escapeShort, markdownLink, shortSha } from '../core/render/escape.ts';
import { fitToLimit, GITHUB_TEXT_LIMIT } from '../core/render/fit-to-limit.ts';
import { mention, type GateOverride } from '../core/render/headline.ts';
import { renderPullRequestComment } from '../core/render/pull-request-comment.ts';
import { renderReleaseNotes } from '../core/render/release-notes.ts';
import type { TrendPoint } from './comment-state.ts';
import type { PullRequestRef, RunRef } from './handler-context.ts';

/** Why there is no comparison to show. */
export type GateProblem = 'config' | 'artifact' | 'run-failed' | 'no-run';

/** What the gate of one head commit came to. */
export type GateResult =
  | {
      kind: 'compared';
      comparison: Comparison;
      outcome: GateOutcome;
      /** Markdown note from the App (e.g. the config file is missing). */
      notice: string | null;
    }
  | {
      kind: 'problem';
      problem: GateProblem;
      /** What went wrong, written by the App (markdown). */
      message: string;
      /** The underlying error, from untrusted input or the config; escaped when shown. */
      detail?: string;
    };

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

const PROBLEM_TITLES: Record<GateProblem, string> = {
  config: 'the modelgate config on the default branch is invalid',
  artifact: 'the modelgate-report artifact is invalid',
  'run-failed': 'the training run did not succeed',
  'no-run': 'no training run reported for this commit',
};

/**
 * The comment, the check's title and summary, and its conclusion, from one gate result, so
 * the comment and the check cannot disagree. A comparison is rendered by the engine's
 * renderer; a problem (no comparison possible) by `renderProblem` here.
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
  const body = renderProblem(input, result);
  return {
    conclusion: override === null ? 'failure' : 'success',
    title: problemTitle(result.problem, override, (login) => login),
    summary: fitToLimit([{ markdown: body, optional: false }], GITHUB_TEXT_LIMIT),
    comment: fitToLimit(
      [{ markdown: body, optional: false }],
      GITHUB_TEXT_LIMIT - STATE_RESERVE,
      `${COMMENT_MARKER}\n`,
    ),
  };
}

function problemTitle(
  problem: GateProblem,
  override: GateOverride | null,
  user: (login: string) => string,
): string {
  const what = PROBLEM_TITLES[problem];
  return override === null
    ? `Gate failed: ${what}`
    : `Gate overridden by ${user(override.by)}: ${what}`;
}

function renderProblem(
  input: RenderGateInput,
  result: Extract<GateResult, { kind: 'problem' }>,
): string {
  const { override, run, headSha } = input;
  const icon = override === null ? '❌' : '⚠️';
  const lines = [
    `### ${icon} ${problemTitle(result.problem, override, mention)}`,
    '',
    result.message,
  ];
  if (result.detail !== undefined) lines.push('', codeBlock(result.detail));
  if (override !== null) {
    lines.push(
      '',
      `> **Override** by ${mention(override.by)}: ${escapeShort(override.reason, 500)}`,
    );
  } else {
    lines.push(
      '',
      'Fix the problem and push, or comment `/modelgate rerun` once it is fixed on the default branch.',
    );
  }
  const footer = [`Commit <code>${shortSha(headSha)}</code>`];
  if (run !== null) footer.push(markdownLink('Workflow run', run.htmlUrl));
  lines.push('', footer.join(' · '));
  return lines.join('\n');
}

/** Longest error text shown; the config loader lists every problem, one per line. */
const MAX_DETAIL = 4000;

/**
 * Untrusted text (an error quoting the artifact or the config) as a fenced code block: nothing
 * inside is markdown, HTML or a mention, and the fence is longer than any backtick run in the
 * text, so the text cannot close it.
 */
export function codeBlock(text: string): string {
  const clipped = text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
  const longest = Math.max(0, ...(clipped.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${clipped.replace(/\r/g, '')}\n${fence}`;
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
  });
}
