import type { Interval } from './proportion.ts';
import type { SignificanceResult } from './significance.ts';

/** Metrics a paired test exists for, and the test each uses. */
export const TESTED_METRICS = {
  accuracy: 'mcnemar_exact',
  roc_auc: 'delong',
  mae: 'paired_t',
  mse: 'paired_t',
} as const;
/** A metric with a paired test. */
export type TestedMetric = keyof typeof TESTED_METRICS;

/** Whether a metric has a paired test (gate rules with `significance` need one). */
export function isTestedMetric(metric: string): metric is TestedMetric {
  return Object.hasOwn(TESTED_METRICS, metric);
}

/** One metric's paired test, in the few numbers a reviewer reads. */
export interface TestSummary {
  readonly metric: TestedMetric;
  readonly test: (typeof TESTED_METRICS)[TestedMetric];
  readonly n: number;
  /** candidate − baseline, in metric units. */
  readonly diff: number;
  /** Interval of the difference (AUC, losses); null for accuracy and where undefined. */
  readonly diff_ci: Interval | null;
  readonly p_value: number | null;
  /** Accuracy: rows only the baseline got right, rows only the candidate got right. */
  readonly worse?: number;
  readonly better?: number;
  /** z (DeLong) or t (paired t), when defined. */
  readonly statistic?: number | null;
  readonly df?: number;
}

/** The summary of one metric's test in a comparison; null when it was not or could not run. */
export function summarizeTest(
  result: SignificanceResult,
  metric: TestedMetric,
): TestSummary | null {
  const { metrics, n } = result;
  if (metric === 'accuracy') {
    const a = metrics.accuracy;
    if (!a) return null;
    const [worse, better] = a.discordant;
    return {
      metric,
      test: a.test,
      n,
      diff: a.diff,
      diff_ci: null,
      p_value: a.p_value,
      worse,
      better,
    };
  }
  if (metric === 'roc_auc') {
    const r = metrics.roc_auc;
    if (!r) return null;
    return {
      metric,
      test: r.test,
      n,
      diff: r.diff,
      diff_ci: r.diff_ci,
      p_value: r.p_value,
      statistic: r.z,
    };
  }
  const t = metrics[metric];
  if (!t) return null;
  return {
    metric,
    test: t.test,
    n,
    diff: t.diff,
    diff_ci: t.diff_ci,
    p_value: t.p_value,
    statistic: t.t,
    df: t.df,
  };
}

const MINUS = '\u2212';

function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? MINUS : '+'}${text}`;
}

/** A p-value as a reviewer reads it: two decimals, more below 0.01, a bound below 0.001. */
export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  if (p < 0.01) return p.toPrecision(2);
  return p.toFixed(2);
}

/** "p = 0.25", or "p < 0.001" when the value is below what three decimals show. */
export function pStatement(p: number): string {
  const text = formatP(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

/** The change in the metric's own words: accuracy and AUC in points, losses in units. */
function describeChange(summary: TestSummary): string {
  if (summary.metric === 'mae' || summary.metric === 'mse') {
    return `${signed(summary.diff, 4)} ${summary.metric}`;
  }
  return `${signed(summary.diff * 100, 1)} points`;
}

/** The test's evidence; `p` is already a statement (`pStatement`). */
function evidence(summary: TestSummary, p: string): string {
  switch (summary.test) {
    case 'mcnemar_exact': {
      const changed = (summary.worse ?? 0) + (summary.better ?? 0);
      return `${changed} of ${summary.n} rows changed, ${p}`;
    }
    case 'delong':
      return `DeLong test on ${summary.n} rows, ${p}`;
    case 'paired_t':
      return `paired t-test on ${summary.n} rows, ${p}`;
  }
}

/**
 * One sentence a reviewer understands, e.g. "−0.9 points, within noise: 1 of 114 rows
 * changed, p = 1.00". `p` is the p-value the verdict uses (Holm-adjusted when several rules
 * test); `level` is the rule's significance level.
 */
export function describeTest(summary: TestSummary, p: number | null, level: number): string {
  const change = describeChange(summary);
  if (p === null) {
    return `${change}, no test possible: ${summary.n} paired rows do not define one`;
  }
  const verdict = p <= level ? 'a real difference' : 'within noise';
  return `${change}, ${verdict}: ${evidence(summary, pStatement(p))}`;
}
