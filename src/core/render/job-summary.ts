import { comparisonSections } from './comparison-markdown.ts';
import { fitToLimit } from './fit-to-limit.ts';
import type { PullRequestCommentInput } from './pull-request-comment.ts';

/** GitHub's cap on one step's summary is 1 MiB; a little room is kept for the heading. */
const STEP_SUMMARY_LIMIT = 1024 * 1024 - 64;

/**
 * The job summary of the Action (`GITHUB_STEP_SUMMARY`): the same report without the marker.
 * GitHub allows 1 MiB per step summary, so nothing is usually left out.
 */
export function renderJobSummary(input: Omit<PullRequestCommentInput, 'reserve'>): string {
  const sections = comparisonSections(input.comparison, {
    trend: input.trend,
    runUrl: input.runUrl,
    override: input.override,
    notices: input.notices,
    baseRef: input.baseRef,
    data: input.data,
  });
  return `## modelgate\n\n${fitToLimit(sections, STEP_SUMMARY_LIMIT)}\n`;
}
