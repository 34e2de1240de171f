import type { DataChange } from '../data-diff/diff-data.ts';
import type { Comparison } from '../gate/types.ts';
import { comparisonSections } from './comparison-markdown.ts';
import { fitToLimit, GITHUB_TEXT_LIMIT } from './fit-to-limit.ts';
import { gatePasses, gateTitle, type GateOverride } from './headline.ts';
import type { TrendPoint } from './trend-chart.ts';

/** What the gate check run's summary shows. */
export interface CheckSummaryInput {
  readonly comparison: Comparison;
  readonly override?: GateOverride | null;
  readonly runUrl?: string | null;
  readonly trend?: readonly TrendPoint[];
  readonly notices?: readonly string[];
  readonly baseRef?: string | null;
  /** What the pull request did to the training data (see `dataSection`). */
  readonly data?: DataChange | null;
}

/** GitHub's limit on a check run's title is far below the summary's; keep it one short line. */
const TITLE_LIMIT = 200;

/**
 * The check run's summary: the same headline and table as the comment, so the two always
 * agree, fitted into the check run's 65535-character limit.
 */
export function renderCheckSummary(input: CheckSummaryInput): string {
  return fitToLimit(comparisonSections(input.comparison, input), GITHUB_TEXT_LIMIT);
}

/** The check run's title: the verdict in one line, the failing rule first. */
export function checkRunTitle(comparison: Comparison, override?: GateOverride | null): string {
  const title = gateTitle(comparison, override);
  const chars = [...title];
  return chars.length > TITLE_LIMIT ? `${chars.slice(0, TITLE_LIMIT - 1).join('')}…` : title;
}

/**
 * Everything `publishGateCheck` needs, from one comparison: conclusion, title and summary
 * cannot disagree with each other or with the comment rendered from the same input.
 */
export function gateCheckOutput(input: CheckSummaryInput): {
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
} {
  return {
    conclusion: gatePasses(input.comparison, input.override) ? 'success' : 'failure',
    title: checkRunTitle(input.comparison, input.override),
    summary: renderCheckSummary(input),
  };
}
