import type { DataChange } from '../data-diff/diff-data.ts';
import { COMMENT_MARKER } from '../constants.ts';
import type { Comparison } from '../gate/types.ts';
import { comparisonSections, type RenderOptions } from './comparison-markdown.ts';
import { fitToLimit, GITHUB_TEXT_LIMIT } from './fit-to-limit.ts';
import type { GateOverride } from './headline.ts';
import type { TrendPoint } from './trend-chart.ts';

/** What the sticky pull-request comment shows. */
export interface PullRequestCommentInput {
  readonly comparison: Comparison;
  /** The primary metric over the PR's commits, oldest first. */
  readonly trend?: readonly TrendPoint[];
  readonly runUrl?: string | null;
  readonly override?: GateOverride | null;
  readonly notices?: readonly string[];
  readonly baseRef?: string | null;
  /** What the pull request did to the training data (see `dataSection`). */
  readonly data?: DataChange | null;
  /**
   * Room to keep free for text the face appends (a hidden state block); the body is fitted
   * into GitHub's limit minus this.
   */
  readonly reserve?: number;
}

/**
 * Body of the one sticky comment per pull request. It starts with the hidden marker by which
 * the comment is found again and edited in place.
 */
export function renderPullRequestComment(input: PullRequestCommentInput): string {
  const options: RenderOptions = {
    trend: input.trend,
    runUrl: input.runUrl,
    override: input.override,
    notices: input.notices,
    baseRef: input.baseRef,
    data: input.data,
  };
  return fitToLimit(
    comparisonSections(input.comparison, options),
    GITHUB_TEXT_LIMIT - (input.reserve ?? 0),
    `${COMMENT_MARKER}\n`,
  );
}
