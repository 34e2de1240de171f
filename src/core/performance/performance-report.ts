import { z } from 'zod';
import type { GateRule } from '../config/schema.ts';
import { PERFORMANCE_SCHEMA } from '../constants.ts';
import { evaluateRule } from '../gate/evaluate-rule.ts';
import type { RuleResult } from '../gate/types.ts';
import { MetricValueSchema, type Task } from '../metrics-report.ts';
import { ESTIMATED_METRICS, type CbpeEstimate } from './cbpe.ts';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const metricName = z.string().regex(/^[a-z0-9_]{1,64}$/, 'a metric key such as `accuracy`');
const metricValues = z.record(metricName, MetricValueSchema);

/**
 * performance.json: the released model's metrics on one batch of production data. It travels
 * in the `modelgate-drift` artifact from the Action to the App, so it is validated as untrusted
 * input: bounded strings and lists, finite numbers, known enums.
 */
export const PerformanceReportSchema = z
  .object({
    schema: z.literal(PERFORMANCE_SCHEMA),
    release_tag: z.string().min(1).max(200),
    task: z.enum(['classification', 'regression']),
    rows: z.number().int().nonnegative(),
    /** Rows with a label value; 0 when the data has no label column. */
    labelled_rows: z.number().int().nonnegative(),
    /** What the rules judged: realised metrics (labels) or CBPE's estimates (none). */
    basis: z.enum(['realised', 'estimated', 'none']),
    /** The release's own metrics (its metrics.json, measured on its test split). */
    release_metrics: metricValues,
    realised: metricValues.nullable(),
    estimated: z
      .object({ accuracy: finite, f1: finite, roc_auc: finite.nullable() })
      .strict()
      .nullable(),
    /** Estimated against realised, when the data has both; null otherwise. */
    trust: z
      .object({
        tolerance: finite,
        trusted: z.boolean(),
        differences: z.record(metricName, finite),
      })
      .strict()
      .nullable(),
    rules: z
      .array(
        z
          .object({
            index: z.number().int().nonnegative(),
            metric: metricName,
            bound: z.enum(['min', 'max', 'max_drop', 'max_increase']),
            threshold: finite,
            status: z.enum(['pass', 'fail', 'skipped']),
            reason: z.string().max(500),
          })
          .strict(),
      )
      .max(100),
    performance_drop: z.boolean(),
    warnings: z.array(z.string().max(1000)).max(50),
  })
  .strict();

/** A parsed performance.json. */
export type PerformanceReport = z.infer<typeof PerformanceReportSchema>;

/** What `buildPerformanceReport` judges. */
export interface PerformanceInput {
  releaseTag: string;
  task: Task;
  releaseMetrics: Record<string, number | null>;
  rows: number;
  labelledRows: number;
  /** Metrics on the labelled rows; null when the data has no labels. */
  realised: Record<string, number | null> | null;
  /** CBPE on all rows; null when there is no calibrator (not a binary classifier). */
  estimated: CbpeEstimate | null;
  rules: readonly GateRule[];
  tolerance: number;
  warnings?: readonly string[];
}

/**
 * Judges production metrics by the `monitor.performance` rules against the release's own:
 * realised metrics when labels are there, else CBPE's estimates (a rule on a metric CBPE does
 * not estimate is skipped then, never failed). With both, the estimate is checked against
 * what was realised: further apart than `tolerance`, it cannot be trusted (concept shift).
 */
export function buildPerformanceReport(input: PerformanceInput): PerformanceReport {
  const estimated =
    input.estimated === null
      ? null
      : {
          accuracy: input.estimated.accuracy,
          f1: input.estimated.f1,
          roc_auc: input.estimated.roc_auc,
        };
  const basis = input.realised !== null ? 'realised' : estimated !== null ? 'estimated' : 'none';
  const current: Record<string, number | null> | null = input.realised ?? estimated;
  const rules = input.rules.map((rule, index): RuleResult => {
    const estimatedOnly = basis === 'estimated' && !isEstimated(rule.metric);
    if (current === null || estimatedOnly) {
      return {
        ...evaluateRule({ rule, index, candidate: 0, base: 0 }),
        status: 'skipped',
        reason:
          current === null
            ? 'skipped (no labels, and no estimate for this model)'
            : `skipped (${rule.metric} is not estimated without labels)`,
      };
    }
    return evaluateRule({
      rule,
      index,
      candidate: current[rule.metric],
      base: input.releaseMetrics[rule.metric] ?? null,
    });
  });
  return {
    schema: PERFORMANCE_SCHEMA,
    release_tag: input.releaseTag,
    task: input.task,
    rows: input.rows,
    labelled_rows: input.labelledRows,
    basis,
    release_metrics: input.releaseMetrics,
    realised: input.realised,
    estimated,
    trust: trustOf(input.realised, estimated, input.tolerance),
    rules: rules.map(({ index, metric, bound, threshold, status, reason }) => ({
      index,
      metric,
      bound,
      threshold,
      status,
      reason,
    })),
    performance_drop: rules.some((rule) => rule.status === 'fail'),
    warnings: [...(input.warnings ?? [])].slice(0, 50),
  };
}

function isEstimated(metric: string): boolean {
  return (ESTIMATED_METRICS as readonly string[]).includes(metric);
}

function trustOf(
  realised: Record<string, number | null> | null,
  estimated: Record<string, number | null> | null,
  tolerance: number,
): PerformanceReport['trust'] {
  if (realised === null || estimated === null) return null;
  const differences: Record<string, number> = {};
  for (const metric of ESTIMATED_METRICS) {
    const real = realised[metric];
    const guess = estimated[metric];
    if (typeof real === 'number' && typeof guess === 'number') differences[metric] = guess - real;
  }
  // The same slack as the gate's rules, so a difference of exactly the tolerance is within it.
  const trusted = Object.values(differences).every((d) => Math.abs(d) <= tolerance + 1e-9);
  return { tolerance, trusted, differences };
}
