import type { GateRule } from '../config/schema.ts';
import { validateGateRules } from '../config/validate-gate.ts';
import { COMPARISON_SCHEMA } from '../constants.ts';
import { InputError } from '../errors.ts';
import type { MetricsReport } from '../metrics-report.ts';
import type { PredictionSet } from '../significance/pairing.ts';
import { isMetricName, metricDirection, metricLabel, primaryMetric } from '../metrics/registry.ts';
import { evaluateRule } from './evaluate-rule.ts';
import { applySignificance, type RunPredictions } from './significance-rules.ts';
import { sideIntervals } from '../significance/intervals.ts';
import type {
  Change,
  Comparison,
  Direction,
  GateOutcome,
  MetricRow,
  RuleResult,
  RunSummary,
} from './types.ts';

/** Below this a difference is noise from float rounding, not a change worth an arrow. */
const UNCHANGED_EPSILON = 1e-9;

/** What `compareRuns` needs: two runs' metrics.json and the rules from the trusted config. */
export interface CompareInput {
  /** The base branch's record; null when there is none (only absolute rules apply). */
  readonly baseline: MetricsReport | null;
  readonly candidate: MetricsReport;
  readonly rules: readonly GateRule[];
  /** Commit of the baseline record; defaults to the sha inside the baseline's metrics.json. */
  readonly baselineSha?: string | null;
  /** Where the rules come from (`.github/modelgate.yml`), named in rule errors. */
  readonly rulesSource?: string;
  /**
   * Both runs' predictions.csv, for rules with `significance` and for metric intervals.
   * Absent: the comparison is exactly what it was before significance existed.
   */
  readonly predictions?: RunPredictions;
}

function summary(report: MetricsReport): RunSummary {
  return {
    task: report.task,
    labels: report.labels,
    confusion_matrix: report.confusion_matrix,
    per_class: report.per_class,
    n_train: report.n_train,
    n_test: report.n_test,
    data: report.data,
    model: report.model,
    timing: report.timing,
    git: report.git,
    warnings: report.warnings,
  };
}

/** Direction of a metric the registry knows; null for keys a newer or custom run added. */
function knownDirection(metric: string): Direction | null {
  return isMetricName(metric) ? metricDirection(metric) : null;
}

function changeOf(
  direction: Direction,
  base: number | null,
  candidate: number | null,
  hasBaseline: boolean,
): { delta: number | null; change: Change } {
  if (candidate !== null && base !== null) {
    const delta = candidate - base;
    if (Math.abs(delta) <= UNCHANGED_EPSILON) return { delta, change: 'unchanged' };
    const better = direction === 'higher' ? delta > 0 : delta < 0;
    return { delta, change: better ? 'improved' : 'regressed' };
  }
  return {
    delta: null,
    change: hasBaseline && base === null && candidate !== null ? 'new' : 'not-comparable',
  };
}

function rowVerdict(rules: readonly RuleResult[]): MetricRow['verdict'] {
  if (rules.length === 0) return 'none';
  if (rules.some((rule) => rule.status === 'fail')) return 'fail';
  if (rules.some((rule) => rule.status === 'pass')) return 'pass';
  return 'skipped';
}

function metricOrder(input: CompareInput, primary: string): string[] {
  const names = [
    ...input.rules.map((rule) => rule.metric),
    primary,
    ...Object.keys(input.candidate.metrics),
    ...Object.keys(input.baseline?.metrics ?? {}),
  ];
  return [...new Set(names)];
}

/**
 * Compares a pull request's run with its baseline under the gate rules. Pure: the same input
 * gives the same comparison, which is what the comment, the check run, the job summary and
 * `modelgate compare --format json` all show. A rule naming an unknown metric, or a relative
 * rule against the metric's direction, is a config mistake and throws InputError.
 */
export function compareRuns(input: CompareInput): Comparison {
  const { baseline, candidate } = input;
  if (baseline !== null && baseline.task !== candidate.task) {
    throw new InputError(
      `The baseline is a ${baseline.task} run but this run is ${candidate.task}; a comparison needs two runs of the same task.`,
    );
  }
  validateGateRules(input.rules, { task: candidate.task, source: input.rulesSource });

  const evaluated = input.rules.map((rule, index) =>
    evaluateRule({
      rule,
      index,
      candidate: Object.hasOwn(candidate.metrics, rule.metric)
        ? candidate.metrics[rule.metric]
        : undefined,
      base: baseline === null ? undefined : (baseline.metrics[rule.metric] ?? null),
    }),
  );

  const tested =
    input.predictions === undefined
      ? null
      : applySignificance(input.rules, evaluated, { baseline, candidate }, input.predictions);
  const rules = tested?.results ?? evaluated;

  const primary = primaryMetric(candidate.task);
  const metrics: MetricRow[] = [];
  for (const metric of metricOrder(input, primary)) {
    const direction = knownDirection(metric);
    if (direction === null) continue;
    const base = baseline?.metrics[metric] ?? null;
    const value = candidate.metrics[metric] ?? null;
    const onMetric = rules.filter((rule) => rule.metric === metric);
    if (value === null && base === null && onMetric.length === 0) continue;
    metrics.push({
      metric,
      label: metricLabel(metric),
      direction,
      base,
      candidate: value,
      ...changeOf(direction, base, value, baseline !== null),
      rules: onMetric,
      verdict: rowVerdict(onMetric),
    });
  }

  const failures = rules.filter((rule) => rule.status === 'fail');
  const count = (change: Change): number => metrics.filter((row) => row.change === change).length;
  return {
    schema: COMPARISON_SCHEMA,
    task: candidate.task,
    verdict: failures.length > 0 ? 'fail' : 'pass',
    primary_metric: primary,
    baseline:
      baseline === null
        ? null
        : { sha: input.baselineSha ?? baseline.git?.sha ?? null, run: summary(baseline) },
    candidate: { sha: candidate.git?.sha ?? null, run: summary(candidate) },
    metrics,
    rules,
    failures,
    counts: {
      rules: rules.length,
      passed: rules.filter((rule) => rule.status === 'pass').length,
      failed: failures.length,
      skipped: rules.filter((rule) => rule.status === 'skipped').length,
      improved: count('improved'),
      regressed: count('regressed'),
      unchanged: count('unchanged'),
    },
    ...(tested === null || input.predictions === undefined
      ? {}
      : {
          significance: {
            ...tested.context,
            intervals: {
              baseline: input.predictions.baseline
                ? sideIntervals(input.predictions.baseline, 0.95)
                : null,
              candidate: input.predictions.candidate
                ? sideIntervals(input.predictions.candidate, 0.95)
                : null,
            },
          },
        }),
  };
}

/** A run's metrics.json and, when it has one, its predictions.csv. */
export interface RunEvidence {
  readonly metrics: MetricsReport;
  readonly predictions: PredictionSet | null;
}

/**
 * The comparison the gate flow asks for: (baseline metrics + predictions | null, candidate
 * metrics + predictions, rules) → comparison. Rules with `significance` use the paired tests
 * when both sides have predictions; everything else is `compareRuns`.
 */
export function compareWithPredictions(
  baseline: RunEvidence | null,
  candidate: RunEvidence,
  rules: readonly GateRule[],
  options: { baselineSha?: string | null; rulesSource?: string } = {},
): Comparison {
  return compareRuns({
    baseline: baseline?.metrics ?? null,
    candidate: candidate.metrics,
    rules,
    ...options,
    predictions: { baseline: baseline?.predictions ?? null, candidate: candidate.predictions },
  });
}

/**
 * The gate as one word for outputs and titles: `fail` when a rule failed, `no-baseline` when
 * it passed without a baseline to compare against (only absolute rules ran), else `pass`.
 */
export function gateOutcome(comparison: Comparison): GateOutcome {
  if (comparison.verdict === 'fail') return 'fail';
  return comparison.baseline === null ? 'no-baseline' : 'pass';
}
