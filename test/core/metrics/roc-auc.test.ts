import { describe, expect, it } from 'vitest';
import { rocAuc, rocAucFromSamples, ONE_CLASS_MESSAGE } from '../../../src/core/metrics/roc-auc.ts';
import {
  rocAucOneVsRest,
  rocAucOvoMacro,
  rocAucOvr,
} from '../../../src/core/metrics/roc-auc-multiclass.ts';
import { UndefinedMetricError } from '../../../src/core/metrics/undefined-metric.ts';
import { createRandom } from '../../../src/core/random.ts';

/** O(P·N) definition: share of (positive, negative) pairs ranked right, ties counting ½. */
function bruteForceAuc(positives: readonly number[], negatives: readonly number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

describe('binary ROC AUC', () => {
  it('counts ties as one half', () => {
    // positives {0.5, 0.8}, negatives {0.5, 0.2}: pairs 0.5/0.5 tie, the rest won → 3.5 / 4
    expect(rocAucFromSamples(Float64Array.of(0.5, 0.8), Float64Array.of(0.5, 0.2))).toBe(0.875);
  });

  it('treats -0 and +0 as the same score', () => {
    expect(rocAucFromSamples(Float64Array.of(0, 1), Float64Array.of(-0, -1))).toBe(0.875);
  });

  it('agrees with the pairwise definition on random scores with many ties', () => {
    const next = createRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const positives = Array.from(
        { length: 1 + Math.floor(next() * 60) },
        () => Math.round(next() * 10) / 10,
      );
      const negatives = Array.from(
        { length: 1 + Math.floor(next() * 60) },
        () => Math.round(next() * 10) / 10,
      );
      expect(
        rocAucFromSamples(Float64Array.from(positives), Float64Array.from(negatives)),
      ).toBeCloseTo(bruteForceAuc(positives, negatives), 14);
    }
  });

  it('does not reorder the caller’s arrays', () => {
    const positives = Float64Array.of(0.9, 0.1, 0.5);
    rocAucFromSamples(positives, Float64Array.of(0.3));
    expect(Array.from(positives)).toEqual([0.9, 0.1, 0.5]);
  });

  it('is undefined with one class, with sklearn’s message', () => {
    expect(() => rocAuc(Uint8Array.of(1, 1), Float64Array.of(0.2, 0.4))).toThrow(
      new UndefinedMetricError(ONE_CLASS_MESSAGE),
    );
  });

  it('is undefined when a score is NaN', () => {
    expect(() => rocAuc(Uint8Array.of(1, 0), Float64Array.of(Number.NaN, 0.4))).toThrow(/NaN/);
  });
});

describe('multiclass ROC AUC', () => {
  // Labels a, b, c, d with b absent from y_true (indices 0, 2, 3 present).
  const yTrue = Int32Array.of(0, 2, 3, 0, 2, 3, 0, 2, 3, 0);
  const rows = [
    [0.5, 0.1, 0.2, 0.2],
    [0.2, 0.1, 0.6, 0.1],
    [0.1, 0.2, 0.3, 0.4],
    [0.4, 0.3, 0.2, 0.1],
    [0.3, 0.3, 0.3, 0.1],
    [0.25, 0.25, 0.25, 0.25],
    [0.6, 0.1, 0.1, 0.2],
    [0.1, 0.1, 0.7, 0.1],
    [0.2, 0.1, 0.2, 0.5],
    [0.3, 0.2, 0.3, 0.2],
  ];
  const proba = [0, 1, 2, 3].map((k) => Float64Array.from(rows, (row) => row[k] ?? 0));

  it('one-vs-one pairs only the labels present in y_true, even one in the middle', () => {
    // sklearn 1.2.1: roc_auc_score(y, P, multi_class='ovo', labels=['a','b','c','d'])
    expect(rocAucOvoMacro({ yTrue, proba })).toBeCloseTo(0.9768518518518517, 14);
  });

  it('one-vs-rest is undefined when a label is absent from y_true', () => {
    expect(() => rocAucOvr({ yTrue, proba, labels: ['a', 'b', 'c', 'd'] }, 'macro')).toThrow(
      'label "b" has no samples in y_true, so its one-vs-rest ROC AUC is not defined.',
    );
  });

  it('weights one-vs-rest by prevalence', () => {
    const present = {
      yTrue: Int32Array.of(0, 0, 0, 1, 2),
      proba: [
        Float64Array.of(0.8, 0.3, 0.6, 0.1, 0.2),
        Float64Array.of(0.1, 0.4, 0.2, 0.8, 0.1),
        Float64Array.of(0.1, 0.3, 0.2, 0.1, 0.7),
      ],
    };
    const perLabel = rocAucOneVsRest(present);
    expect(rocAucOvr(present, 'weighted')).toBeCloseTo(
      (3 * perLabel[0]! + perLabel[1]! + perLabel[2]!) / 5,
      15,
    );
    expect(rocAucOvr(present, 'macro')).toBeCloseTo(
      (perLabel[0]! + perLabel[1]! + perLabel[2]!) / 3,
      15,
    );
  });

  it('is undefined when rows do not sum to one (sklearn checks np.allclose)', () => {
    const bad = {
      yTrue: Int32Array.of(0, 1, 2),
      proba: [
        Float64Array.of(0.5, 0.2, 0.2),
        Float64Array.of(0.2, 0.5, 0.2),
        Float64Array.of(0.2, 0.2, 0.5),
      ],
    };
    expect(() => rocAucOvr(bad, 'macro')).toThrow(/sum up to 1.0 over classes \(row 1 sums to 0.9/);
    expect(() => rocAucOvoMacro(bad)).toThrow(UndefinedMetricError);
  });

  it('derives one-vs-rest and one-vs-one from pairwise wins exactly as the direct splits', () => {
    const next = createRandom(11);
    for (let trial = 0; trial < 10; trial++) {
      const k = 3 + Math.floor(next() * 3);
      const n = 20 + Math.floor(next() * 80);
      const yTrue = Int32Array.from({ length: n }, (_, i) => (i < k ? i : Math.floor(next() * k)));
      const raw = Array.from({ length: n }, () =>
        Array.from({ length: k }, () => Math.round(next() * 4)),
      );
      const proba = Array.from({ length: k }, (_, c) =>
        Float64Array.from(raw, (row) => {
          const total = row.reduce((a, b) => a + b, 0);
          return total === 0 ? 1 / k : (row[c] ?? 0) / total;
        }),
      );
      const split = (column: Float64Array, keep: (label: number) => boolean) =>
        Float64Array.from(column.filter((_, i) => keep(yTrue[i]!)));
      const direct = proba.map((column, c) =>
        rocAucFromSamples(
          split(column, (l) => l === c),
          split(column, (l) => l !== c),
        ),
      );
      expect(rocAucOneVsRest({ yTrue, proba })).toEqual(direct);
      const pairs: number[] = [];
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          const ab = rocAucFromSamples(
            split(proba[a]!, (l) => l === a),
            split(proba[a]!, (l) => l === b),
          );
          const ba = rocAucFromSamples(
            split(proba[b]!, (l) => l === b),
            split(proba[b]!, (l) => l === a),
          );
          pairs.push((ab + ba) / 2);
        }
      }
      expect(rocAucOvoMacro({ yTrue, proba })).toBeCloseTo(
        pairs.reduce((x, y) => x + y, 0) / pairs.length,
        14,
      );
    }
  });
});
