import { tCritical, zCritical } from './distributions.ts';
import type { PredictionSet } from './pairing.ts';
import { clopperPearsonInterval, wilsonInterval, type Interval } from './proportion.ts';

/** One metric of one model with its confidence interval (no comparison). */
export interface MetricInterval {
  readonly value: number;
  /** Wilson for accuracy, Student t for a mean loss; null for one row (no spread). */
  readonly ci: Interval | null;
  /** Clopper–Pearson, accuracy only. */
  readonly ci_exact?: Interval;
}

/** The intervals of one model's metrics on its own rows. */
export type SideIntervals = Partial<Record<'accuracy' | 'mae' | 'mse', MetricInterval>>;

function meanInterval(losses: Float64Array, alpha: number): MetricInterval {
  const n = losses.length;
  let sum = 0;
  for (const v of losses) sum += v;
  const mean = sum / n;
  if (n < 2) return { value: mean, ci: null };
  let squares = 0;
  for (const v of losses) squares += (v - mean) * (v - mean);
  const half = (tCritical(alpha, n - 1) * Math.sqrt(squares / (n - 1))) / Math.sqrt(n);
  return { value: mean, ci: [mean - half, mean + half] };
}

/**
 * Each metric's interval for one model alone: what a comparison shows when the rows cannot be
 * paired, and beside each value when they can. Accuracy: Wilson and Clopper–Pearson; MAE and
 * MSE: the Student t interval of the mean loss. Empty for no rows.
 */
export function sideIntervals(set: PredictionSet, confidence: number): SideIntervals {
  const n = set.yTrue.length;
  if (n === 0) return {};
  const alpha = 1 - confidence;
  if (set.task === 'classification') {
    let k = 0;
    for (let i = 0; i < n; i++) if (set.yTrue[i] === set.yPred[i]) k++;
    return {
      accuracy: {
        value: k / n,
        ci: wilsonInterval(k, n, zCritical(alpha)),
        ci_exact: clopperPearsonInterval(k, n, alpha),
      },
    };
  }
  const abs = new Float64Array(n);
  const squared = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = (set.yPred[i] ?? 0) - (set.yTrue[i] ?? 0);
    abs[i] = Math.abs(e);
    squared[i] = e * e;
  }
  return { mae: meanInterval(abs, alpha), mse: meanInterval(squared, alpha) };
}
