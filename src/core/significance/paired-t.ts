import { studentTwoSided, tCritical } from './distributions.ts';
import type { Interval } from './proportion.ts';

/** The loss a paired t-test compares: absolute error (mae) or squared error (mse). */
export type LossMetric = 'mae' | 'mse';

/** Paired t-test of per-row losses (the `mae` / `mse` entry of the output). */
export interface PairedTResult {
  /** Mean loss of each model (sklearn's MAE / MSE). */
  readonly baseline: number;
  readonly candidate: number;
  /** Mean of d = loss_candidate − loss_baseline; negative favours the candidate. */
  readonly diff: number;
  readonly test: 'paired_t';
  readonly df: number;
  /** Null when every d is equal (no spread: scipy gives NaN, ±inf or a rounding artefact). */
  readonly t: number | null;
  readonly p_value: number | null;
  /** Null for n = 1 (df = 0: the spread is unknown). */
  readonly diff_ci: Interval | null;
}

function loss(metric: LossMetric, truth: Float64Array, pred: Float64Array): Float64Array {
  const out = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) {
    const e = (pred[i] ?? 0) - (truth[i] ?? 0);
    out[i] = metric === 'mae' ? Math.abs(e) : e * e;
  }
  return out;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * scipy `ttest_rel(loss_c, loss_b)` with the interval of `TtestResult.confidence_interval`,
 * as DEFINITIONS.md defines it, for n ≥ 1 rows. The Student quantile is exact (see
 * `tCritical`). Hand-written because jStat's `ttest` is one-sample on raw data with a
 * 1e-7-accurate t CDF, and no maintained package returns this interval.
 */
export function pairedTTest(
  metric: LossMetric,
  truth: Float64Array,
  baseline: Float64Array,
  candidate: Float64Array,
  alpha: number,
): PairedTResult {
  const n = truth.length;
  const lossB = loss(metric, truth, baseline);
  const lossC = loss(metric, truth, candidate);
  const d = new Float64Array(n);
  let constant = true;
  for (let i = 0; i < n; i++) {
    d[i] = (lossC[i] ?? 0) - (lossB[i] ?? 0);
    if (d[i] !== d[0]) constant = false;
  }
  const diff = mean(d);
  const df = n - 1;
  const base = {
    baseline: mean(lossB),
    candidate: mean(lossC),
    diff,
    test: 'paired_t' as const,
    df,
  };
  if (constant) {
    return {
      ...base,
      t: null,
      p_value: d[0] === 0 ? 1 : null,
      diff_ci: n >= 2 ? [diff, diff] : null,
    };
  }
  let squares = 0;
  for (const v of d) squares += (v - diff) * (v - diff);
  const se = Math.sqrt(squares / df) / Math.sqrt(n);
  const t = diff / se;
  const half = tCritical(alpha, df) * se;
  return { ...base, t, p_value: studentTwoSided(t, df), diff_ci: [diff - half, diff + half] };
}
