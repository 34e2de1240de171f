import { InputError } from '../errors.ts';
import type { PairedPredictions } from './significance.ts';

/**
 * One model's predictions on its test rows: a predictions file (`modelgate significance`) or
 * a run's predictions.csv (the gate). `rowIds` are stable row identities (a hash of the row's
 * features and label in a run's predictions.csv); without them rows pair by position.
 */
export type PredictionSet =
  | {
      readonly task: 'classification';
      readonly rowIds?: readonly string[];
      readonly yTrue: readonly string[];
      readonly yPred: readonly string[];
      /** P(greater label), binary only. */
      readonly yScore?: Float64Array;
    }
  | {
      readonly task: 'regression';
      readonly rowIds?: readonly string[];
      readonly yTrue: Float64Array;
      readonly yPred: Float64Array;
    };

/**
 * The smallest share of each side's rows that must pair for a paired test. Below it the pull
 * request changed most of the test set, and a test on the few shared rows would judge rows
 * neither metric describes; the comparison then gives each side's intervals only.
 */
export const MIN_PAIRED_SHARE = 0.5;

/** How two prediction sets were paired. */
export interface Pairing {
  readonly by: 'row_id' | 'position';
  readonly baseline_rows: number;
  readonly candidate_rows: number;
  readonly paired_rows: number;
  /** Rows whose id matched but whose y_true differs; left out of the pairing. */
  readonly conflicting_rows: number;
  /** False when too few rows pair (see MIN_PAIRED_SHARE): intervals only. */
  readonly paired: boolean;
}

/** The paired rows (null when too few pair) and how they were found. */
export interface PairedRows {
  readonly rows: PairedPredictions | null;
  readonly pairing: Pairing;
}

function pick(values: readonly string[], positions: readonly number[]): string[] {
  return positions.map((p) => values[p] ?? '');
}

function pickNumbers(values: Float64Array, positions: readonly number[]): Float64Array {
  return Float64Array.from(positions, (p) => values[p] ?? NaN);
}

function build(
  baseline: PredictionSet,
  candidate: PredictionSet,
  b: readonly number[],
  c: readonly number[],
): PairedPredictions {
  if (baseline.task === 'regression' && candidate.task === 'regression') {
    return {
      task: 'regression',
      yTrue: pickNumbers(baseline.yTrue, b),
      baseline: pickNumbers(baseline.yPred, b),
      candidate: pickNumbers(candidate.yPred, c),
    };
  }
  if (baseline.task === 'classification' && candidate.task === 'classification') {
    const side = (set: typeof baseline, at: readonly number[]) => ({
      yPred: pick(set.yPred, at),
      yScore: set.yScore ? pickNumbers(set.yScore, at) : undefined,
    });
    return {
      task: 'classification',
      yTrue: pick(baseline.yTrue, b),
      baseline: side(baseline, b),
      candidate: side(candidate, c),
    };
  }
  throw new InputError(
    `The baseline's predictions are ${baseline.task} and the candidate's ${candidate.task}; expected the same task.`,
  );
}

function byPosition(baseline: PredictionSet, candidate: PredictionSet): PairedRows {
  const n = baseline.yTrue.length;
  if (candidate.yTrue.length !== n) {
    throw new InputError(
      `The baseline has ${n} rows and the candidate ${candidate.yTrue.length}; expected the same rows in the same order, or a row_id column in both files.`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (baseline.yTrue[i] !== candidate.yTrue[i]) {
      throw new InputError(
        `y_true differs between the baseline and the candidate on data row ${i + 1} (${String(baseline.yTrue[i])} vs ${String(candidate.yTrue[i])}); expected the same rows in the same order, or a row_id column in both files.`,
      );
    }
  }
  const all = Array.from({ length: n }, (_, i) => i);
  return {
    rows: build(baseline, candidate, all, all),
    pairing: {
      by: 'position',
      baseline_rows: n,
      candidate_rows: n,
      paired_rows: n,
      conflicting_rows: 0,
      paired: true,
    },
  };
}

/**
 * Pairs two prediction sets: by `rowIds` when both have them (rows present on one side only
 * are left out, and so are ids whose y_true differs), else by position, where a different row
 * count or y_true is an InputError (DEFINITIONS.md). A duplicate id is an InputError too: it
 * would pair one row twice.
 */
export function pairPredictions(baseline: PredictionSet, candidate: PredictionSet): PairedRows {
  if (!baseline.rowIds || !candidate.rowIds) {
    if (baseline.rowIds || candidate.rowIds) {
      throw new InputError(
        `Only the ${baseline.rowIds ? 'baseline' : 'candidate'} has a row_id column; expected row_id in both files (pair by id) or in neither (pair by position).`,
      );
    }
    return byPosition(baseline, candidate);
  }
  const index = new Map<string, number>();
  candidate.rowIds.forEach((id, i) => {
    if (index.has(id)) {
      throw new InputError(
        `The candidate's row_id ${JSON.stringify(id)} appears twice (data rows ${(index.get(id) ?? 0) + 1} and ${i + 1}); expected unique ids.`,
      );
    }
    index.set(id, i);
  });
  const seen = new Set<string>();
  const b: number[] = [];
  const c: number[] = [];
  let conflicting = 0;
  baseline.rowIds.forEach((id, i) => {
    if (seen.has(id)) {
      throw new InputError(
        `The baseline's row_id ${JSON.stringify(id)} appears twice (data row ${i + 1}); expected unique ids.`,
      );
    }
    seen.add(id);
    const j = index.get(id);
    if (j === undefined) return;
    if (baseline.yTrue[i] !== candidate.yTrue[j]) {
      conflicting++;
      return;
    }
    b.push(i);
    c.push(j);
  });
  const pairedRows = b.length;
  const enough =
    pairedRows > 0 &&
    pairedRows >= MIN_PAIRED_SHARE * baseline.yTrue.length &&
    pairedRows >= MIN_PAIRED_SHARE * candidate.yTrue.length;
  return {
    rows: enough ? build(baseline, candidate, b, c) : null,
    pairing: {
      by: 'row_id',
      baseline_rows: baseline.yTrue.length,
      candidate_rows: candidate.yTrue.length,
      paired_rows: pairedRows,
      conflicting_rows: conflicting,
      paired: enough,
    },
  };
}
