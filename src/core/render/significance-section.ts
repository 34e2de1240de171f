import { formatThreshold } from '../gate/format-value.ts';
import type { Comparison, RuleResult } from '../gate/types.ts';
import type { MetricInterval, SideIntervals } from '../significance/intervals.ts';
import type { Interval } from '../significance/proportion.ts';
import { formatP } from '../significance/summary.ts';
import { escapeMarkdown } from './escape.ts';
import { markdownTable } from './markdown-table.ts';

/** How each test is named for a reviewer. */
const TEST_NAMES = {
  mcnemar_exact: 'exact McNemar',
  delong: 'DeLong',
  paired_t: 'paired t',
} as const;

function interval(ci: Interval | null | undefined): string {
  return ci ? `[${ci[0].toFixed(4)}, ${ci[1].toFixed(4)}]` : '—';
}

function valueWithInterval(value: MetricInterval | undefined): string {
  return value ? `${value.value.toFixed(4)} ${interval(value.ci)}` : '—';
}

function intervalRows(baseline: SideIntervals | null, candidate: SideIntervals | null): string[][] {
  return (['accuracy', 'mae', 'mse'] as const)
    .filter((metric) => baseline?.[metric] || candidate?.[metric])
    .map((metric) => [
      metric,
      valueWithInterval(baseline?.[metric]),
      valueWithInterval(candidate?.[metric]),
    ]);
}

function ruleRow(rule: RuleResult): string[] {
  const s = rule.significance;
  if (!s) return [];
  const p = s.p_adjusted ?? null;
  return [
    `gate[${rule.index}] ${escapeMarkdown(rule.metric)}`,
    s.test ? TEST_NAMES[s.test] : '—',
    p === null ? '—' : formatP(p),
    formatThreshold(s.level),
    s.sentence,
  ];
}

/**
 * Said when a run's predictions.csv kept fewer rows than its test set: above the bound
 * (MAX_PREDICTION_ROWS / MAX_PREDICTION_CELLS) a run keeps the rows with the smallest ids,
 * the same sample in every run, so the tests and intervals describe that sample while the
 * metric table describes every test row.
 */
function sampleNote(comparison: Comparison): string | null {
  const pairing = comparison.significance?.pairing;
  if (!pairing) return null;
  const sides = [
    ['base', pairing.baseline_rows, comparison.baseline?.run.n_test],
    ['PR', pairing.candidate_rows, comparison.candidate.run.n_test],
  ] as const;
  const cut = sides.filter(([, kept, all]) => all !== undefined && kept < all);
  if (cut.length === 0) return null;
  const which = cut.map(([side, kept, all]) => `${side} ${kept} of ${all ?? kept}`).join(', ');
  return `The predictions keep a sample of the test rows (${which}; the bound is the same for every run, so both keep the rows with the smallest ids): the tests and intervals below describe that sample, the table above every test row.`;
}

/**
 * "Noise or regression?": each run's 95 % intervals, and for every rule with `significance`
 * the test, its (Holm-adjusted) p-value and a sentence a reviewer understands, plus the
 * warning when a rule is finer than one test row. Null when the comparison was made without
 * predictions and no rule asked for a test, so reports without significance are unchanged.
 * Every cell is built from numbers and metric names the schema checked.
 */
export function significanceSection(comparison: Comparison): string | null {
  const tested = comparison.rules.filter((rule) => rule.significance !== undefined);
  const context = comparison.significance;
  if (tested.length === 0 && context === undefined) return null;
  const parts = ['#### Noise or regression?'];
  const pairing = context?.pairing ?? null;
  if (pairing !== null) {
    parts.push(
      pairing.paired
        ? `Paired ${pairing.paired_rows} test rows by ${pairing.by === 'row_id' ? 'row id' : 'position'} (base ${pairing.baseline_rows}, PR ${pairing.candidate_rows}).`
        : `Unpaired: only ${pairing.paired_rows} of the base's ${pairing.baseline_rows} and the PR's ${pairing.candidate_rows} test rows match, so only intervals are shown.`,
    );
  }
  const sampled = sampleNote(comparison);
  if (sampled !== null) parts.push(sampled);
  const rows = intervalRows(
    context?.intervals.baseline ?? null,
    context?.intervals.candidate ?? null,
  );
  if (rows.length > 0) {
    parts.push(
      markdownTable(['Metric', 'Base (95 % CI)', 'PR (95 % CI)'], ['left', 'right', 'right'], rows),
    );
  }
  if (tested.length > 0) {
    parts.push(
      markdownTable(
        ['Rule', 'Test', 'p', 'Level', 'In words'],
        ['left', 'left', 'right', 'right', 'left'],
        tested.map(ruleRow),
      ),
    );
  }
  const family = context?.holm_family ?? 0;
  if (family > 1) {
    parts.push(
      `The p-values of the ${family} tested rules are Holm-corrected for multiple comparisons.`,
    );
  }
  const warnings = tested.flatMap((rule) =>
    rule.significance?.resolution
      ? [`gate[${rule.index}]: ${rule.significance.resolution.warning}`]
      : [],
  );
  if (warnings.length > 0)
    parts.push(['> [!WARNING]', ...warnings.map((w) => `> ${w}`)].join('\n'));
  return parts.join('\n\n');
}
