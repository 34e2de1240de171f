import { argsortFloat64 } from './argsort.ts';
import { normalTwoSided } from './distributions.ts';
import type { Interval } from './proportion.ts';

/** DeLong's paired test of two ROC AUCs on the same rows (the `roc_auc` entry of the output). */
export interface DeLongResult {
  readonly baseline: number;
  readonly candidate: number;
  /** AUC_candidate − AUC_baseline. */
  readonly diff: number;
  readonly test: 'delong';
  /** diff ± z_{1−α/2}·√var; null when a class has fewer than 2 rows (the covariance is 0/0). */
  readonly diff_ci: Interval | null;
  readonly z: number | null;
  readonly p_value: number | null;
}

/** `values` in ascending order, and the order itself. */
function sorted(values: Float64Array): { order: Uint32Array; values: Float64Array } {
  const order = argsortFloat64(values);
  // A plain loop: `Float64Array.from(order, map)` goes through the iterator protocol and
  // cost more than the sort on a million rows.
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = values[order[k] ?? 0] ?? 0;
  return { order, values: out };
}

/**
 * One model's DeLong components, scaled by 2mq so they stay integers (exact sums up to
 * 2^53): for each positive, 2·#{negatives below} + #{negatives tied}; for each negative,
 * 2·#{positives above} + #{positives tied}. V10 = c10/(2q), V01 = c01/(2m), AUC = Σc10/(2mq).
 * One sort per class and a merge walk: the O(n log n) of Sun & Xu (2014) without midranks.
 */
function components(positives: Float64Array, negatives: Float64Array) {
  const m = positives.length;
  const q = negatives.length;
  const pos = sorted(positives);
  const neg = sorted(negatives);
  const c10 = new Float64Array(m);
  const c01 = new Float64Array(q);
  let sum = 0;
  // below: negatives < x; upTo: negatives ≤ x; both only grow as x does.
  let below = 0;
  let upTo = 0;
  for (let k = 0; k < m; k++) {
    const x = pos.values[k] ?? 0;
    while (below < q && (neg.values[below] ?? 0) < x) below++;
    if (upTo < below) upTo = below;
    while (upTo < q && (neg.values[upTo] ?? 0) <= x) upTo++;
    const c = below + upTo;
    c10[pos.order[k] ?? 0] = c;
    sum += c;
  }
  below = 0;
  upTo = 0;
  for (let k = 0; k < q; k++) {
    const y = neg.values[k] ?? 0;
    while (below < m && (pos.values[below] ?? 0) < y) below++;
    if (upTo < below) upTo = below;
    while (upTo < m && (pos.values[upTo] ?? 0) <= y) upTo++;
    c01[neg.order[k] ?? 0] = 2 * m - below - upTo;
  }
  return { c10, c01, sum };
}

/** Sample variance (denominator count − 1) of (b − a)/scale, two-pass. */
function varianceOfDifference(a: Float64Array, b: Float64Array, scale: number): number {
  const n = a.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += ((b[i] ?? 0) - (a[i] ?? 0)) / scale;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const deviation = ((b[i] ?? 0) - (a[i] ?? 0)) / scale - mean;
    squares += deviation * deviation;
  }
  return squares / (n - 1);
}

function split(positive: Uint8Array, scores: Float64Array, m: number) {
  const pos = new Float64Array(m);
  const neg = new Float64Array(scores.length - m);
  let p = 0;
  let q = 0;
  for (let i = 0; i < scores.length; i++) {
    if (positive[i] === 1) pos[p++] = scores[i] ?? 0;
    else neg[q++] = scores[i] ?? 0;
  }
  return { pos, neg };
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988) paired test of ROC AUC, exactly as DEFINITIONS.md
 * defines it: ties count ½, var = s²(V10ᶜ − V10ᵇ)/m + s²(V01ᶜ − V01ᵇ)/q, two-sided normal
 * p-value. Null when `positive` holds one class only (sklearn raises: AUC is undefined).
 * Hand-written: neither jStat nor @stdlib has a DeLong test.
 */
export function delongTest(
  positive: Uint8Array,
  baseline: Float64Array,
  candidate: Float64Array,
  z: number,
): DeLongResult | null {
  let m = 0;
  for (const flag of positive) m += flag === 1 ? 1 : 0;
  const q = positive.length - m;
  if (m === 0 || q === 0) return null;
  const b = split(positive, baseline, m);
  const c = split(positive, candidate, m);
  const cb = components(b.pos, b.neg);
  const cc = components(c.pos, c.neg);
  const aucB = cb.sum / (2 * m * q);
  const aucC = cc.sum / (2 * m * q);
  const diff = aucC - aucB;
  const base = { baseline: aucB, candidate: aucC, diff, test: 'delong' as const };
  if (m < 2 || q < 2) return { ...base, diff_ci: null, z: null, p_value: null };
  const variance =
    varianceOfDifference(cb.c10, cc.c10, 2 * q) / m +
    varianceOfDifference(cb.c01, cc.c01, 2 * m) / q;
  if (!(variance > 0)) {
    return { ...base, diff_ci: [diff, diff], z: null, p_value: diff === 0 ? 1 : null };
  }
  const sd = Math.sqrt(variance);
  const statistic = diff / sd;
  return {
    ...base,
    diff_ci: [diff - z * sd, diff + z * sd],
    z: statistic,
    p_value: normalTwoSided(statistic),
  };
}
