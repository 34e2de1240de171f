import { describeRule } from '../../core/gate/evaluate-rule.ts';
import { formatValue } from '../../core/gate/format-value.ts';
import type { Comparison, MetricRow, RuleResult } from '../../core/gate/types.ts';
import { changeText } from '../../core/render/cells.ts';
import { checkRunTitle } from '../../core/render/check-summary.ts';
import type { Style } from './style.ts';
import { textTable } from './text-table.ts';

/**
 * `modelgate compare` for a terminal or a CI log: the verdict, the rule table and every metric,
 * as plain text (the markdown of the comment, with its `<br>` and HTML entities, is for GitHub).
 * The same facts as `renderComparison`, in the same order.
 */

function change(row: MetricRow, style: Style): string {
  return changeText(row, (text, good) => (good ? style.good(text) : style.bad(text)));
}

function verdict(rule: RuleResult, style: Style): string {
  switch (rule.status) {
    case 'pass':
      return style.good('✓ pass');
    case 'fail':
      return style.bad(`✗ ${rule.reason}`);
    case 'skipped':
      return style.dim(`- ${rule.reason}`);
  }
}

function metricsTable(rows: readonly MetricRow[], style: Style): string {
  return textTable(
    ['Metric', 'Base', 'Candidate', 'Change'],
    ['left', 'right', 'right', 'left'],
    rows.map((row) => [
      row.label,
      formatValue(row.base),
      formatValue(row.candidate),
      change(row, style),
    ]),
  );
}

/** The comparison as text; ends with a newline. */
export function renderComparisonText(comparison: Comparison, style: Style): string {
  const title = checkRunTitle(comparison);
  const headline =
    comparison.counts.rules === 0
      ? style.bold(title)
      : comparison.verdict === 'pass'
        ? style.good(style.bold(`✓ ${title}`))
        : style.bad(style.bold(`✗ ${title}`));
  const parts = [headline];
  if (comparison.baseline === null) {
    parts.push('No baseline: only absolute rules apply.');
  }
  const ruled = comparison.metrics.filter((row) => row.rules.length > 0);
  if (ruled.length > 0) {
    parts.push(
      textTable(
        ['Metric', 'Base', 'Candidate', 'Change', 'Rule', 'Verdict'],
        ['left', 'right', 'right', 'left', 'left', 'left'],
        ruled.map((row) => [
          row.label,
          formatValue(row.base),
          formatValue(row.candidate),
          change(row, style),
          row.rules.map((rule) => describeRule(rule.bound, rule.threshold)).join('\n'),
          row.rules.map((rule) => verdict(rule, style)).join('\n'),
        ]),
      ),
    );
    const { passed, failed, skipped } = comparison.counts;
    parts.push(`Rules: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    parts.push(`All metrics\n${metricsTable(comparison.metrics, style)}`);
  } else {
    parts.push(metricsTable(comparison.metrics, style));
  }
  return `${parts.join('\n\n')}\n`;
}
