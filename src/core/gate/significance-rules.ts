import type { GateRule } from '../config/schema.ts';
import type { MetricsReport } from '../metrics-report.ts';
import { holmAdjust } from '../significance/holm.ts';
import { pairPredictions, type Pairing, type PredictionSet } from '../significance/pairing.ts';
import { minimumDetectableDrop, DEFAULT_POWER } from '../significance/power.ts';
import { compareOnRows } from '../significance/significance.ts';
import {
  describeTest,
  isTestedMetric,
  pStatement,
  summarizeTest,
} from '../significance/summary.ts';
import { formatThreshold } from './format-value.ts';
import type { RuleResult, RuleSignificance, SignificanceContext } from './types.ts';

/** Both runs' test-row predictions (predictions.csv); null where a run has none. */
export interface RunPredictions {
  readonly baseline: PredictionSet | null;
  readonly candidate: PredictionSet | null;
}

function levelOf(rule: GateRule): number | undefined {
  return 'significance' in rule ? rule.significance : undefined;
}

function why(predictions: RunPredictions, pairing: Pairing | null): string {
  if (predictions.baseline === null && predictions.candidate === null) {
    return 'neither run has predictions.csv';
  }
  if (predictions.baseline === null) return "the baseline's run has no predictions.csv";
  if (predictions.candidate === null) return 'this run has no predictions.csv';
  if (pairing !== null && !pairing.paired) {
    return `only ${pairing.paired_rows} of ${pairing.baseline_rows} baseline and ${pairing.candidate_rows} new test rows match, so the comparison is unpaired`;
  }
  return 'the predictions could not be compared';
}

/** Points of accuracy (or of a 0–1 metric) as text: 0.0088 → "0.88 points". */
function points(value: number): string {
  return `${(value * 100).toFixed(value * 100 >= 10 ? 0 : 1)} points`;
}

/**
 * The warning of a max_drop rule on accuracy finer than one test row: one row changes
 * accuracy by 1/n, so a bound below that fails or passes on a single row.
 */
function resolution(rule: GateRule, rows: number, base: MetricsReport | null, level: number) {
  if (rule.metric !== 'accuracy' || !('max_drop' in rule) || !(rows > 0)) return undefined;
  const rowWorth = 1 / rows;
  if (rowWorth <= rule.max_drop) return undefined;
  const accuracy = base?.metrics.accuracy ?? 0.5;
  const drop = minimumDetectableDrop(rows, accuracy, level, DEFAULT_POWER);
  return {
    row_worth: rowWorth,
    detectable_drop: drop,
    power: DEFAULT_POWER,
    warning: `One of ${rows} test rows is worth ${points(rowWorth)} of accuracy, more than max_drop ${formatThreshold(rule.max_drop)}: the rule is finer than the data. This test set detects a drop of ${points(drop)} at level ${formatThreshold(level)} with power ${DEFAULT_POWER}.`,
  };
}

/**
 * Applies the `significance` option of gate rules to rules already evaluated on the metric
 * values: a rule that failed on its bound stays failed only when the paired test on the test
 * rows rejects "no difference" at the rule's level, after Holm's correction across every rule
 * that ran a test. Without both runs' predictions, or with too few paired rows, a rule keeps
 * its verdict and says why it was not tested. Rules without the option are returned as they
 * are. Pure.
 */
export function applySignificance(
  rules: readonly GateRule[],
  results: readonly RuleResult[],
  runs: { baseline: MetricsReport | null; candidate: MetricsReport },
  predictions: RunPredictions,
): { results: RuleResult[]; context: SignificanceContext } {
  const pairedRows =
    predictions.baseline && predictions.candidate
      ? pairPredictions(predictions.baseline, predictions.candidate)
      : null;
  const tests = pairedRows?.rows ? compareOnRows(pairedRows.rows) : null;
  const pairing = pairedRows?.pairing ?? null;

  const summaries = rules.map((rule, i) => {
    const level = levelOf(rule);
    const result = results[i];
    if (level === undefined || result === undefined || result.status === 'skipped') return null;
    if (tests === null || !isTestedMetric(rule.metric)) return null;
    return summarizeTest(tests, rule.metric);
  });
  const tested = summaries.map((s) => s?.p_value ?? null);
  const adjusted = holmAdjust(tested);
  const family = tested.filter((p) => p !== null).length;

  const out = results.map((result, i): RuleResult => {
    const rule = rules[i];
    const level = rule === undefined ? undefined : levelOf(rule);
    if (rule === undefined || level === undefined) return result;
    const rows = tests?.n ?? runs.candidate.n_test;
    const fine =
      result.status === 'skipped' ? undefined : resolution(rule, rows, runs.baseline, level);
    const summary = summaries[i] ?? null;
    const p = adjusted[i] ?? null;
    if (result.status === 'skipped' || summary === null || p === null) {
      const reason =
        result.status === 'skipped'
          ? 'no baseline to test against'
          : summary !== null
            ? describeTest(summary, null, level)
            : why(predictions, pairing);
      const significance: RuleSignificance = {
        level,
        tested: false,
        sentence: `not tested: ${reason}; the rule applies as without significance`,
        ...(summary ? { test: summary.test } : {}),
        ...(fine ? { resolution: fine } : {}),
      };
      return { ...result, significance };
    }
    const sentence = describeTest(summary, p, level);
    const real = p <= level;
    const significance: RuleSignificance = {
      level,
      tested: true,
      test: summary.test,
      p_value: summary.p_value,
      p_adjusted: p,
      holm_family: family,
      sentence,
      ...(fine ? { resolution: fine } : {}),
    };
    if (result.status === 'fail' && !real) {
      return {
        ...result,
        status: 'pass',
        // The bound's own words stay, so the reviewer reads that the rule alone would fail.
        reason: `${result.reason}, but within noise (${pStatement(p)})`,
        significance: { ...significance, overruled: true },
      };
    }
    return { ...result, significance };
  });
  return { results: out, context: { pairing, tests, holm_family: family } };
}
