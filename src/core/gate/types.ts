import type { GateBound } from '../config/schema.ts';
import type { MetricsReport, Task } from '../metrics-report.ts';
import type { COMPARISON_SCHEMA } from '../constants.ts';
import type { SideIntervals } from '../significance/intervals.ts';
import type { Pairing } from '../significance/pairing.ts';
import type { SignificanceResult } from '../significance/significance.ts';

/** Whether a larger value of a metric is better (accuracy) or worse (log_loss, mae). */
export type Direction = 'higher' | 'lower';

/** How a metric moved from the baseline to the pull request, judged by its direction. */
export type Change = 'improved' | 'regressed' | 'unchanged' | 'new' | 'not-comparable';

/** The verdict of one gate rule. */
export type RuleStatus = 'pass' | 'fail' | 'skipped';

/** What a rule's `significance` option found (absent on rules without it). */
export interface RuleSignificance {
  /** The rule's level α. */
  readonly level: number;
  /** False when no paired test ran (no predictions, unpaired rows, no baseline). */
  readonly tested: boolean;
  readonly test?: 'mcnemar_exact' | 'delong' | 'paired_t';
  /** The test's own p-value, and the Holm-adjusted one the verdict uses. */
  readonly p_value?: number | null;
  readonly p_adjusted?: number | null;
  /** How many rules' tests were corrected together (1: no correction). */
  readonly holm_family?: number;
  /** For the reviewer: "−0.9 points, within noise: 1 of 114 rows changed, p = 1.00". */
  readonly sentence: string;
  /** True when the bound alone would have failed the rule and the test called it noise. */
  readonly overruled?: boolean;
  /** Set when one test row is worth more than the rule's max_drop. */
  readonly resolution?: {
    readonly row_worth: number;
    /** Smallest drop this test set detects at the rule's level with `power`. */
    readonly detectable_drop: number;
    readonly power: number;
    readonly warning: string;
  };
}

/** One gate rule of the config, evaluated. */
export interface RuleResult {
  /** Position of the rule in the config's `gate` list, so messages can say `gate[2]`. */
  readonly index: number;
  readonly metric: string;
  readonly bound: GateBound;
  readonly threshold: number;
  readonly status: RuleStatus;
  /** Why, in words a reviewer reads in the table: "dropped 0.0230 (max_drop 0.01)". */
  readonly reason: string;
  readonly significance?: RuleSignificance;
}

/** One metric of the pull request's run next to the baseline's. */
export interface MetricRow {
  readonly metric: string;
  /** Display name from the metrics registry, e.g. "F1 (macro)". */
  readonly label: string;
  readonly direction: Direction;
  readonly base: number | null;
  readonly candidate: number | null;
  /** candidate − base, when both are numbers. */
  readonly delta: number | null;
  readonly change: Change;
  readonly rules: readonly RuleResult[];
  /** Worst rule verdict on this metric: fail > pass > skipped; `none` without rules. */
  readonly verdict: RuleStatus | 'none';
}

/** What a run was: everything of metrics.json except the metric values. */
export type RunSummary = Omit<MetricsReport, 'metrics' | 'schema'>;

/** The comparison `modelgate compare --format json` prints (`modelgate/comparison@1`). */
export interface Comparison {
  readonly schema: typeof COMPARISON_SCHEMA;
  readonly task: Task;
  /** `fail` when any rule failed. Skipped rules never fail the gate. */
  readonly verdict: 'pass' | 'fail';
  /** Metric the headline and the trend show (`accuracy` / `r2`). */
  readonly primary_metric: string;
  readonly baseline: { readonly sha: string | null; readonly run: RunSummary } | null;
  readonly candidate: { readonly sha: string | null; readonly run: RunSummary };
  /** Every metric of either run: metrics with rules first (in rule order), then the rest. */
  readonly metrics: readonly MetricRow[];
  /** Every rule in config order; failed rules are also listed in `failures`. */
  readonly rules: readonly RuleResult[];
  readonly failures: readonly RuleResult[];
  readonly counts: {
    readonly rules: number;
    readonly passed: number;
    readonly failed: number;
    readonly skipped: number;
    readonly improved: number;
    readonly regressed: number;
    readonly unchanged: number;
  };
  /** Present when the comparison was given predictions (see `CompareInput.predictions`). */
  readonly significance?: ComparisonSignificance;
}

/** What rules with `significance` saw: the pairing, the tests and each run's intervals. */
export interface ComparisonSignificance extends SignificanceContext {
  /** 95 % intervals of each run's metrics on its own test rows; null without predictions. */
  readonly intervals: {
    readonly baseline: SideIntervals | null;
    readonly candidate: SideIntervals | null;
  };
}

/** The gate as faces report it: the Action's `gate` output, the check run's title. */
export type GateOutcome = 'pass' | 'fail' | 'no-baseline';

/** What significance adds to a comparison as a whole. */
export interface SignificanceContext {
  /** How the two runs' test rows paired; null when a side has no predictions. */
  readonly pairing: Pairing | null;
  /** The paired tests of every tested metric; null when the rows could not be paired. */
  readonly tests: SignificanceResult | null;
  /** Rules whose p-values were Holm-corrected together (0 or 1: no correction). */
  readonly holm_family: number;
}
