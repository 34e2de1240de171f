import type { GateBound } from '../config/schema.ts';
import type { MetricsReport, Task } from '../metrics-report.ts';
import type { COMPARISON_SCHEMA } from '../constants.ts';

/** Whether a larger value of a metric is better (accuracy) or worse (log_loss, mae). */
export type Direction = 'higher' | 'lower';

/** How a metric moved from the baseline to the pull request, judged by its direction. */
export type Change = 'improved' | 'regressed' | 'unchanged' | 'new' | 'not-comparable';

/** The verdict of one gate rule. */
export type RuleStatus = 'pass' | 'fail' | 'skipped';

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
}

/** The gate as faces report it: the Action's `gate` output, the check run's title. */
export type GateOutcome = 'pass' | 'fail' | 'no-baseline';
