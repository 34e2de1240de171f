/**
 * One column of one side (reference or current) in the form every drift statistic works on:
 * numerical values finite and ascending, categories as counts; what was dropped is counted.
 */
import { sortFloat64 } from './sort-float64.ts';

/** Values dropped before testing, per Evidently's `get_one_column_drift`. */
export interface DroppedCounts {
  /** Empty, null or NaN. */
  missing: number;
  /** +∞ or −∞. */
  infinite: number;
}

/** A numerical column ready for the tests: finite values sorted, with what was dropped. */
export interface NumericalSample {
  type: 'numerical';
  /** Finite values, ascending. */
  sorted: Float64Array;
  /** Finite values in the data; larger than `sorted.length` when `sorted` is a reservoir sample. */
  population: number;
  dropped: DroppedCounts;
  /** Exact summary of the whole population when `sorted` is only a sample (from a profile). */
  summary?: NumericSummary;
}

/** Basic statistics of a numerical column, for people reading the report. */
export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (ddof = 0). */
  std: number;
  median: number;
}

/** A categorical column ready for the tests: counts per category, with what was dropped. */
export interface CategoricalSample {
  type: 'categorical';
  /** Count per category (never zero). */
  counts: Map<string, number>;
  /** Sum of `counts`. */
  total: number;
  dropped: DroppedCounts;
}

/** One column of one side, from data or from a profile. */
export type ColumnSample = NumericalSample | CategoricalSample;

/** Number of values a sample tests with. */
export function sampleSize(sample: ColumnSample): number {
  return sample.type === 'numerical' ? sample.sorted.length : sample.total;
}

/** Drops NaN and ±∞ (counting them) and sorts the rest, in two passes over a typed array. */
export function numericalSample(values: Float64Array): NumericalSample {
  let finite = 0;
  let infinite = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? NaN;
    if (Number.isFinite(x)) finite++;
    else if (!Number.isNaN(x)) infinite++;
  }
  const sorted = new Float64Array(finite);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? NaN;
    if (Number.isFinite(x)) sorted[k++] = x;
  }
  sortFloat64(sorted);
  return {
    type: 'numerical',
    sorted,
    population: finite,
    dropped: { missing: values.length - finite - infinite, infinite },
  };
}

/** Counts categories, dropping nulls. */
export function categoricalSample(values: readonly (string | null)[]): CategoricalSample {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const value of values) {
    if (value === null) missing++;
    else counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return {
    type: 'categorical',
    counts,
    total: values.length - missing,
    dropped: { missing, infinite: 0 },
  };
}
