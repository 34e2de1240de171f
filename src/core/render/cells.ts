import { describeRule } from '../gate/evaluate-rule.ts';
import { formatDelta, formatValue } from '../gate/format-value.ts';
import type { MetricRow, RuleResult } from '../gate/types.ts';

/**
 * Table cells of a comparison row. Colour cannot be set in GitHub markdown, so the emoji
 * carries good/bad (by the metric's direction) and the arrow carries up/down (by the number):
 * a falling log loss is "🟢 ▼".
 */

/** `🟢 ▲ +0.0100`, `🔴 ▼ −0.0350`, `±0.0000`, `new`, or `—`. */
export function changeCell(row: MetricRow): string {
  return changeText(row, (text, good) => `${good ? '🟢' : '🔴'} ${text}`);
}

/**
 * A metric's change as text: `▲ +0.0100` marked good or bad by `mark` (an emoji on GitHub, a
 * colour on a terminal), `±0.0000`, `new`, or `—`.
 */
export function changeText(row: MetricRow, mark: (text: string, good: boolean) => string): string {
  switch (row.change) {
    case 'improved':
    case 'regressed': {
      const arrow = (row.delta ?? 0) > 0 ? '▲' : '▼';
      return mark(`${arrow} ${formatDelta(row.delta, row.candidate)}`, row.change === 'improved');
    }
    case 'unchanged':
      return formatDelta(0, row.candidate);
    case 'new':
      return 'new';
    case 'not-comparable':
      return '—';
  }
}

/** The rules on a metric, one per line: `≥ 0.9<br>drop ≤ 0.01`. */
export function ruleCell(rules: readonly RuleResult[]): string {
  return rules.length === 0
    ? '—'
    : rules.map((rule) => describeRule(rule.bound, rule.threshold)).join('<br>');
}

/**
 * One rule's verdict: `✅ pass`, `✅ dropped 0.0088 …, but within noise (p = 1.00)`,
 * `❌ dropped 0.0350 …`, `⏭️ skipped (no baseline)`.
 */
export function verdictText(rule: RuleResult): string {
  switch (rule.status) {
    case 'pass':
      // A rule its bound fails but its paired test passes says both, not a bare "pass".
      return rule.significance?.overruled ? `✅ ${rule.reason}` : '✅ pass';
    case 'fail':
      return `❌ ${rule.reason}`;
    case 'skipped':
      return `⏭️ ${rule.reason}`;
  }
}

/** The verdicts of a metric's rules, one per line, aligned with `ruleCell`. */
export function verdictCell(rules: readonly RuleResult[]): string {
  return rules.length === 0 ? '—' : rules.map(verdictText).join('<br>');
}

/** Base and PR values of a row. */
export function valueCells(row: MetricRow): [string, string] {
  return [formatValue(row.base), formatValue(row.candidate)];
}
