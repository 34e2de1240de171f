import type { GateResult } from '../gate/verdict.ts';
import { gateCheckOutput } from './check-summary.ts';
import { renderGateProblem } from './gate-problem.ts';
import type { GateOverride } from './headline.ts';
import { renderJobSummary } from './job-summary.ts';
import { renderPullRequestComment } from './pull-request-comment.ts';
import type { TrendPoint } from './trend-chart.ts';

/** Everything the comment, the check and the job summary show. */
export interface RenderGateInput {
  result: GateResult;
  override: GateOverride | null;
  /** The pull request's base branch; null when the run belongs to no pull request. */
  baseRef: string | null;
  headSha: string;
  runUrl: string | null;
  trend: readonly TrendPoint[];
  /** Metric the trend points hold. */
  trendMetric: string | null;
  /** Said under the verdict: what could not be done (a write the token may not make). */
  notices?: readonly string[];
}

/** The gate as posted: one result, rendered for the check, the comment and the job summary. */
export interface RenderedGate {
  conclusion: 'success' | 'failure';
  title: string;
  /** Check run summary. */
  summary: string;
  /** Sticky comment body (starts with the marker), without the hidden state block. */
  comment: string;
  /** The Action's job summary. */
  jobSummary: string;
}

/** Room kept free in the comment for the hidden state block appended to it. */
const STATE_RESERVE = 8 * 1024;

/** How a pull request gets a new gate after a problem; the same words from both faces. */
const PROBLEM_NEXT_STEP =
  'Fix the problem and push, or comment `/modelgate rerun` once it is fixed on the default branch.';

/**
 * The comment, the check's title and summary, its conclusion and the job summary, from one
 * gate result, so none of them can disagree, whichever face posts them.
 */
export function renderGate(input: RenderGateInput): RenderedGate {
  const { result, override, runUrl } = input;
  const notices = input.notices ?? [];
  if (result.kind === 'compared') {
    const { comparison } = result;
    const trend = input.trendMetric === comparison.primary_metric ? input.trend : [];
    const shared = {
      comparison,
      override,
      runUrl,
      trend,
      notices: result.notice === null ? [...notices] : [result.notice, ...notices],
      baseRef: input.baseRef,
      data: result.data,
    };
    return {
      ...gateCheckOutput(shared),
      comment: renderPullRequestComment({ ...shared, reserve: STATE_RESERVE }),
      jobSummary: renderJobSummary(shared),
    };
  }
  const rendered = renderGateProblem({
    report: result,
    override,
    headSha: input.headSha,
    runUrl,
    nextStep: PROBLEM_NEXT_STEP,
    reserve: STATE_RESERVE,
  });
  const notes = notices.length === 0 ? '' : `\n\n${notices.map((note) => `> ${note}`).join('\n')}`;
  return { ...rendered, jobSummary: `${rendered.summary}${notes}` };
}
