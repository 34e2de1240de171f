import { CONFIG_PATH } from '../constants.ts';
import { formatValue } from '../gate/format-value.ts';
import type { Comparison } from '../gate/types.ts';
import { changeCell } from './cells.ts';
import { escapeMarkdown, escapeShort, shortSha } from './escape.ts';

/** A `/modelgate override <reason>` accepted from a user with write access. */
export interface GateOverride {
  /** GitHub login of the user who overrode the gate. */
  readonly by: string;
  readonly reason: string;
  /** The commit it was given for, named in the audit line. */
  readonly sha?: string;
}

/** Whether the gate lets the merge through: a passing comparison or an override of a failing one. */
export function gatePasses(comparison: Comparison, override?: GateOverride | null): boolean {
  return comparison.verdict === 'pass' || (override !== undefined && override !== null);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Logins are `[A-Za-z0-9-]` (bots end in `[bot]`); anything else is shown escaped, unlinked. */
export function mention(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(login)
    ? `@${login}`
    : escapeMarkdown(login);
}

/** The one-line title of the gate: the check run's title and the comment's heading text. */
export function gateTitle(
  comparison: Comparison,
  override?: GateOverride | null,
  formatUser: (login: string) => string = (login) => login,
): string {
  const [first] = comparison.failures;
  if (comparison.verdict === 'fail' && override) {
    return `Gate overridden by ${formatUser(override.by)}: ${plural(comparison.counts.failed, 'failing rule')} accepted`;
  }
  if (comparison.verdict === 'fail' && first !== undefined) {
    const more = comparison.failures.length - 1;
    // Reasons for a missing metric already start with its name.
    const what = first.reason.startsWith(first.metric)
      ? first.reason
      : `${first.metric} ${first.reason}`;
    return `Gate failed: ${what}${more > 0 ? ` (+${more} more)` : ''}`;
  }
  if (comparison.counts.rules === 0) return 'No gate rules configured';
  if (comparison.baseline === null) {
    const passed = comparison.counts.passed;
    return `Gate passed without a baseline: ${plural(passed, 'absolute rule')} ${passed === 1 ? 'holds' : 'hold'}`;
  }
  const { passed, rules, skipped } = comparison.counts;
  const note = skipped > 0 ? ` (${skipped} skipped)` : '';
  return `Gate passed: ${passed} of ${plural(rules, 'rule')} ${passed === 1 ? 'holds' : 'hold'}${note}`;
}

/** The audit line of an override: who, for which commit, and why. */
export function overrideLine(override: GateOverride): string {
  const commit = override.sha === undefined ? '' : ` for <code>${shortSha(override.sha)}</code>`;
  return `> **Override** by ${mention(override.by)}${commit}: ${escapeShort(override.reason, 500)}`;
}

/**
 * The headline block: verdict icon and title (the failing rule first), then one line of
 * context — the primary metric against the base, the override, or why there is no baseline.
 */
export function renderHeadline(comparison: Comparison, override?: GateOverride | null): string {
  const overridden = comparison.verdict === 'fail' && override !== undefined && override !== null;
  // An override passes the gate but is not a clean pass; the warning sign keeps that visible.
  const icon = overridden ? '⚠️' : comparison.verdict === 'pass' ? '✅' : '❌';
  const title = gateTitle(comparison, override, mention);
  const lines = [`### ${icon} ${title}`, ''];

  const primary = comparison.metrics.find((row) => row.metric === comparison.primary_metric);
  if (primary !== undefined) {
    const versus = primary.change === 'not-comparable' ? '' : ` (${changeCell(primary)} vs base)`;
    lines.push(`**${primary.label}** ${formatValue(primary.candidate)}${versus}`);
    lines.push('');
  }
  if (overridden) {
    lines.push(overrideLine(override));
    lines.push('');
  }
  if (comparison.baseline === null) {
    const skipped = comparison.counts.skipped;
    lines.push(
      `ℹ️ **No baseline**: the base branch has no recorded metrics for this pull request's merge base or its ancestors yet, so only absolute rules were checked${
        skipped > 0 ? ` and ${plural(skipped, 'relative rule')} skipped` : ''
      }.`,
    );
    lines.push('');
  }
  if (comparison.counts.rules === 0) {
    lines.push(`No rules under \`gate:\` in \`${CONFIG_PATH}\`; nothing blocks the merge.`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
