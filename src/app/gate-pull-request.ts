import { InputError } from '../core/errors.ts';
import {
  artifactMissingProblem,
  artifactRejectedProblem,
  configProblem,
  runFailedProblem,
} from '../core/render/gate-problem.ts';
import { compareRuns, gateOutcome } from '../core/gate/compare.ts';
import { findGateCheck, publishGateCheck, truncateOutput } from '../github/gate-check.ts';
import { findStickyComment, upsertStickyComment } from '../github/sticky-comment.ts';
import { findBaseline } from '../history/baseline.ts';
import { downloadReport } from './artifacts.ts';
import {
  addTrendPoint,
  overrideFor,
  readCommentState,
  withCommentState,
  type CommentState,
  type OverrideRecord,
} from './comment-state.ts';
import type { HandlerContext, PullRequestRef, RunRef } from './handler-context.ts';
import { renderGate, type GateResult } from './gate-report.ts';
import { loadRepoSettings } from './repo-config.ts';

/** The pull request and run a gate is computed for. */
export interface GatePullRequestInput {
  pull: PullRequestRef;
  /** The training run to report; null when none exists for the head (an override without one). */
  run: RunRef | null;
  /** A new override to record for the head commit (from `/modelgate override`). */
  override?: OverrideRecord;
}

/** What was published: the verdict and where to see it. */
export interface GatePullRequestResult {
  conclusion: 'success' | 'failure';
  commentUrl: string | null;
  checkUrl: string;
}

/**
 * Computes and publishes the gate of a pull request's head commit: the sticky comment and the
 * `modelgate / gate` check run, which always show the same result. Everything it trusts comes
 * from the default branch (config, history); the run's artifact is untrusted input. A wrong
 * config, a broken artifact or a failed training run still gives a completed, failing check
 * that says what went wrong, so the pull request is never left waiting on a silent skip.
 *
 * Callers serialise calls per pull request (see `KeyedQueue`); the writes are idempotent, so
 * a redelivery republishes the same result.
 */
export async function gatePullRequest(
  ctx: HandlerContext,
  input: GatePullRequestInput,
): Promise<GatePullRequestResult> {
  const { pull, run } = input;
  // The gate is about the commit the run trained; the pull request may have moved on since.
  const headSha = run?.headSha ?? pull.headSha;
  const isCurrentHead = headSha === pull.headSha;
  const existing = await findStickyComment({
    ...ctx,
    issueNumber: pull.number,
    author: ctx.identity.botLogin,
  });
  let state: CommentState = readCommentState(existing?.body);
  // The same override delivered again keeps its first record (and time), so nothing changes.
  if (input.override !== undefined && !sameOverride(state.override, input.override)) {
    state = { ...state, override: input.override };
  }

  const result = await evaluate(ctx, pull, run, headSha);
  if (result.kind === 'compared' && isCurrentHead) {
    const metric = result.comparison.primary_metric;
    const value = result.comparison.metrics.find((row) => row.metric === metric)?.candidate ?? null;
    state = addTrendPoint(state, metric, { sha: headSha, value });
  }
  const override = overrideFor(state, headSha);
  const rendered = renderGate({
    result,
    override,
    pull,
    headSha,
    run,
    trend: state.trend,
    trendMetric: state.metric,
  });

  // Checks are per commit, so a late run of an older head still gets its own check; the
  // comment is per pull request and only ever shows the current head.
  const output = {
    conclusion: rendered.conclusion,
    title: rendered.title,
    summary: rendered.summary,
    ...(run === null ? {} : { detailsUrl: run.htmlUrl }),
  };
  const check =
    (await unchangedGateCheck(ctx, headSha, output)) ??
    (await publishGateCheck({ ...ctx, headSha, appId: ctx.identity.id, ...output }));
  const comment = isCurrentHead
    ? await upsertStickyComment({
        ...ctx,
        issueNumber: pull.number,
        author: ctx.identity.botLogin,
        body: withCommentState(rendered.comment, state),
      })
    : null;
  ctx.log.info(
    `Gate of ${ctx.owner}/${ctx.repo}#${pull.number} at ${headSha.slice(0, 7)}: ${rendered.conclusion} (${rendered.title})${
      isCurrentHead
        ? ''
        : `; the head is now ${pull.headSha.slice(0, 7)}, so the comment was left alone`
    }.`,
  );
  return { conclusion: rendered.conclusion, commentUrl: comment?.url ?? null, checkUrl: check.url };
}

function sameOverride(a: OverrideRecord | null, b: OverrideRecord): boolean {
  return a !== null && a.sha === b.sha && a.by === b.by && a.reason === b.reason;
}

/**
 * The App's gate check of `headSha` when it already says exactly this (a redelivery, a rerun
 * with nothing new), so it is not written again; null when it must be published.
 */
async function unchangedGateCheck(
  ctx: HandlerContext,
  headSha: string,
  output: { conclusion: string; title: string; summary: string; detailsUrl?: string },
): Promise<{ url: string } | null> {
  const existing = await findGateCheck({ ...ctx, headSha, appId: ctx.identity.id });
  if (existing === null) return null;
  const { data } = await ctx.octokit.rest.checks.get({
    owner: ctx.owner,
    repo: ctx.repo,
    check_run_id: existing.id,
  });
  const same =
    data.status === 'completed' &&
    data.conclusion === output.conclusion &&
    data.output.title === output.title &&
    data.output.summary === truncateOutput(output.summary) &&
    (output.detailsUrl === undefined || data.details_url === output.detailsUrl);
  return same ? existing : null;
}

async function evaluate(
  ctx: HandlerContext,
  pull: PullRequestRef,
  run: RunRef | null,
  headSha: string,
): Promise<GateResult> {
  let settings;
  try {
    settings = await loadRepoSettings(ctx);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { kind: 'problem', ...configProblem(error.message) };
  }
  if (run === null) {
    return {
      kind: 'problem',
      problem: 'no-run',
      message: `No completed training run with the \`modelgate-report\` artifact was found for commit <code>${headSha.slice(0, 7)}</code>.`,
    };
  }
  if (run.conclusion !== 'success') return { kind: 'problem', ...runFailedProblem(run) };

  let candidate;
  try {
    candidate = await downloadReport(ctx, run.id);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { kind: 'problem', ...artifactRejectedProblem(run, error.message) };
  }
  if (candidate === null) return { kind: 'problem', ...artifactMissingProblem(run) };

  const baseline = await findBaseline({
    ...ctx,
    baseSha: pull.baseSha,
    headSha,
    branch: settings.historyBranch,
  });
  try {
    const comparison = compareRuns({
      baseline: baseline?.metrics ?? null,
      candidate: candidate.metrics,
      rules: settings.gate,
      baselineSha: baseline?.sha ?? null,
    });
    return {
      kind: 'compared',
      comparison,
      outcome: gateOutcome(comparison),
      notice: settings.notice,
    };
  } catch (error) {
    // A rule naming a metric this task does not have is a config mistake, not a bug.
    if (!(error instanceof InputError)) throw error;
    return { kind: 'problem', ...configProblem(error.message) };
  }
}
