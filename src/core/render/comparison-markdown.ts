import { formatValue } from '../gate/format-value.ts';
import type { Comparison, MetricRow } from '../gate/types.ts';
import { changeCell, ruleCell, valueCells, verdictCell } from './cells.ts';
import { markdownLink, shortSha } from './escape.ts';
import { renderHeadline, type GateOverride } from './headline.ts';
import { details, markdownTable } from './markdown-table.ts';
import {
  allMetricsSection,
  allMetricsTable,
  confusionMatrixSection,
  perClassSection,
  refName,
  runInfoSection,
  warningsSection,
} from './run-details.ts';
import type { DataChange } from '../data-diff/diff-data.ts';
import { dataSection } from './data-section.ts';
import { significanceSection } from './significance-section.ts';
import { renderTrendChart, renderTrendTable, type TrendPoint } from './trend-chart.ts';

export { escapeMarkdown } from './escape.ts';
export { renderTrendChart, type TrendPoint } from './trend-chart.ts';

/** Extras around the comparison table: the override, the trend, the run link and notices. */
export interface RenderOptions {
  /** Override of a failing gate, shown in the headline. */
  readonly override?: GateOverride | null;
  /** The PR's primary metric over its commits, oldest first. */
  readonly trend?: readonly TrendPoint[];
  /** Link to the workflow run that trained the PR's model. */
  readonly runUrl?: string | null;
  /** Name of the base branch, for "compared with main at abc1234". */
  readonly baseRef?: string | null;
  /** Notices from the face ("could not post the check: read-only token"), shown as a note. */
  readonly notices?: readonly string[];
  /**
   * For a terminal: no collapsed HTML sections; the table of every metric follows the verdict
   * table as plain markdown.
   */
  readonly compact?: boolean;
  /** What the pull request did to the training data; null or absent when it left it alone. */
  readonly data?: DataChange | null;
}

/** One part of a rendered report; optional parts are dropped first when space runs out. */
export interface Section {
  readonly markdown: string;
  readonly optional: boolean;
}

/** Metrics the verdict table shows: every metric with a rule, and the primary metric. */
function tableRows(comparison: Comparison): MetricRow[] {
  const shown = comparison.metrics.filter(
    (row) => row.rules.length > 0 || row.metric === comparison.primary_metric,
  );
  // Without rules there is nothing to single out, so every metric is in the main table.
  return comparison.counts.rules === 0 ? [...comparison.metrics] : shown;
}

/** The verdict table: metric | base | PR | change | rule | verdict. */
export function renderVerdictTable(rows: readonly MetricRow[]): string {
  return markdownTable(
    ['Metric', 'Base', 'PR', 'Change', 'Rule', 'Verdict'],
    ['left', 'right', 'right', 'left', 'left', 'left'],
    rows.map((row) => [
      `**${row.label}**`,
      ...valueCells(row),
      changeCell(row),
      ruleCell(row.rules),
      verdictCell(row.rules),
    ]),
  );
}

function footer(comparison: Comparison, options: RenderOptions): string {
  const parts: string[] = [];
  if (comparison.baseline !== null) {
    // A local `compare` of two files may have neither a branch nor a commit to name.
    const sha = shortSha(comparison.baseline.sha);
    const where = [
      options.baseRef ? refName(options.baseRef) : '',
      sha === 'unknown' ? '' : `<code>${sha}</code>`,
    ].filter(Boolean);
    if (where.length > 0) parts.push(`Baseline: ${where.join(' at ')}`);
  }
  const { rules, passed, failed, skipped } = comparison.counts;
  if (rules > 0) parts.push(`Rules: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (options.runUrl) parts.push(markdownLink('Workflow run', options.runUrl));
  return parts.join(' · ');
}

function trendSection(comparison: Comparison, options: RenderOptions): string | null {
  const points = options.trend ?? [];
  if (points.length < 2) return null;
  const primary = comparison.metrics.find((row) => row.metric === comparison.primary_metric);
  const metric = primary?.label ?? comparison.primary_metric;
  const base = primary?.base ?? null;
  const chart = renderTrendChart(points, { metric, baseline: base });
  // xychart-beta draws no legend, so say what the second line is.
  const caption =
    chart !== '' && base !== null ? `Flat line: the baseline, ${formatValue(base)}.` : '';
  const table = details(
    `${metric} per commit (${points.length})`,
    renderTrendTable(points, { metric }),
  );
  return [`#### Trend over this pull request's commits`, chart, caption, table]
    .filter(Boolean)
    .join('\n\n');
}

/** Notes for the reader (what could not be done) as one GitHub note block; null when none. */
export function noticeSection(notices: readonly string[]): string | null {
  if (notices.length === 0) return null;
  return ['> [!NOTE]', ...notices.map((notice) => `> ${notice}`)].join('\n');
}

/**
 * The parts of a comparison report in reading order: headline, verdict table, footer, trend,
 * then the collapsed details. Notices are written by the faces and are markdown already;
 * everything from the runs is escaped here.
 */
export function comparisonSections(comparison: Comparison, options: RenderOptions = {}): Section[] {
  const rows = tableRows(comparison);
  const primary = comparison.metrics.find((row) => row.metric === comparison.primary_metric);
  const data = dataSection(options.data, primary);
  const candidate = comparison.candidate.run;
  const required = (markdown: string | null): Section[] =>
    markdown === null ? [] : [{ markdown, optional: false }];
  const optional = (markdown: string | null): Section[] =>
    markdown === null ? [] : [{ markdown, optional: true }];
  if (options.compact) {
    return [
      ...required(renderHeadline(comparison, options.override)),
      ...required(renderVerdictTable(rows)),
      ...required(footer(comparison, options) || null),
      ...required(significanceSection(comparison)),
      ...required(data),
      ...required(
        rows.length < comparison.metrics.length ? allMetricsTable(comparison.metrics) : null,
      ),
    ];
  }
  return [
    ...required(renderHeadline(comparison, options.override)),
    ...required(noticeSection(options.notices ?? [])),
    ...required(renderVerdictTable(rows)),
    ...required(footer(comparison, options) || null),
    ...required(significanceSection(comparison)),
    ...required(data),
    ...optional(trendSection(comparison, options)),
    ...optional(
      rows.length < comparison.metrics.length ? allMetricsSection(comparison.metrics) : null,
    ),
    ...optional(confusionMatrixSection(candidate)),
    ...optional(perClassSection(candidate)),
    ...optional(warningsSection(candidate)),
    ...optional(runInfoSection(comparison)),
  ];
}

/** The whole comparison as markdown (headline, verdict table, trend and details). */
export function renderComparison(comparison: Comparison, options: RenderOptions = {}): string {
  return comparisonSections(comparison, options)
    .map((section) => section.markdown)
    .join('\n\n');
}
