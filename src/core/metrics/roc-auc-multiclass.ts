import { quoteLabel } from './labels.ts';
import { aucSortingInPlace, ONE_CLASS_MESSAGE } from './roc-auc.ts';
import { numpyMean, numpyWeightedMean } from './summation.ts';
import { UndefinedMetricError } from './undefined-metric.ts';

/**
 * Multiclass ROC AUC (`roc_auc_score(..., multi_class='ovr'|'ovo', labels=...)`, sklearn
 * 1.2.1). `yTrue` holds label indices into the columns of `proba` (one Float64Array per label).
 */
export interface MulticlassScores {
  yTrue: Int32Array;
  proba: readonly Float64Array[];
  /** Label names, only used to say which label made a metric undefined. */
  labels?: readonly string[];
}

/** Row indices of each label, so every one-vs-rest and one-vs-one split is a gather. */
function rowsByLabel(yTrue: Int32Array, labelCount: number): Int32Array[] {
  const counts = new Int32Array(labelCount);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]!]!++;
  const rows = Array.from(counts, (count) => new Int32Array(count));
  const fill = new Int32Array(labelCount);
  for (let i = 0; i < yTrue.length; i++) {
    const label = yTrue[i]!;
    rows[label]![fill[label]!++] = i;
  }
  return rows;
}

function gather(column: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
  return out;
}

/**
 * sklearn validates `np.allclose(1, proba.sum(axis=1))` (rtol 1e-5, atol 1e-8) before any
 * multiclass AUC; rows that do not sum to one make every multiclass AUC undefined.
 */
export function assertRowsSumToOne(proba: readonly Float64Array[], rows: number): void {
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (const column of proba) sum += column[i]!;
    if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new UndefinedMetricError(
        `Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes (row ${i + 1} sums to ${Number(sum.toPrecision(6))}).`,
      );
    }
  }
}

/** One-vs-rest AUC of every label (label k positive, column k as score). */
export function rocAucOneVsRest({ yTrue, proba, labels }: MulticlassScores): number[] {
  assertRowsSumToOne(proba, yTrue.length);
  return proba.map((column, label) => {
    let positiveCount = 0;
    for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === label) positiveCount++;
    const positives = new Float64Array(positiveCount);
    const negatives = new Float64Array(yTrue.length - positiveCount);
    let p = 0;
    let q = 0;
    for (let i = 0; i < yTrue.length; i++) {
      if (yTrue[i] === label) positives[p++] = column[i]!;
      else negatives[q++] = column[i]!;
    }
    if (positiveCount === 0 || positiveCount === yTrue.length) {
      const name = labels?.[label] === undefined ? `#${label}` : quoteLabel(labels[label] ?? '');
      // sklearn says "Only one class present in y_true"; naming the label tells the user which.
      throw new UndefinedMetricError(
        positiveCount === 0
          ? `label ${name} has no samples in y_true, so its one-vs-rest ROC AUC is not defined.`
          : `every sample in y_true has label ${name}, so its one-vs-rest ROC AUC is not defined.`,
      );
    }
    return aucSortingInPlace(positives, negatives);
  });
}

/** Both one-vs-rest averages from one set of per-label AUCs. */
export interface OneVsRestAverages {
  macro: number;
  weighted: number;
}

/**
 * One-vs-rest AUC averaged over labels: `macro` unweighted, `weighted` by each label's
 * prevalence in `yTrue`. A label absent from `yTrue` makes both undefined (sklearn raises).
 */
export function rocAucOvrAverages(scores: MulticlassScores): OneVsRestAverages {
  const perLabel = rocAucOneVsRest(scores);
  const support = rowsByLabel(scores.yTrue, scores.proba.length).map((rows) => rows.length);
  return { macro: numpyMean(perLabel), weighted: numpyWeightedMean(perLabel, support) };
}

/** One of the one-vs-rest averages (`roc_auc_score(..., multi_class='ovr', average=...)`). */
export function rocAucOvr(scores: MulticlassScores, average: 'macro' | 'weighted'): number {
  return rocAucOvrAverages(scores)[average];
}

/**
 * Hand & Till (2001) one-vs-one macro AUC: the mean over every pair (a, b) of labels PRESENT in
 * `yTrue` of (AUC(a vs b by column a) + AUC(b vs a by column b)) / 2, each on the samples of a
 * and b only. Labels absent from `yTrue` are skipped, as sklearn 1.2.1 pairs `np.unique(y_true)`.
 */
export function rocAucOvoMacro(scores: MulticlassScores): number {
  const { yTrue, proba } = scores;
  assertRowsSumToOne(proba, yTrue.length);
  const rows = rowsByLabel(yTrue, proba.length);
  const present = rows.flatMap((r, label) => (r.length > 0 ? [label] : []));
  if (present.length < 2) throw new UndefinedMetricError(ONE_CLASS_MESSAGE);
  const pairScores: number[] = [];
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const a = present[i]!;
      const b = present[j]!;
      const aVsB = aucSortingInPlace(gather(proba[a]!, rows[a]!), gather(proba[a]!, rows[b]!));
      const bVsA = aucSortingInPlace(gather(proba[b]!, rows[b]!), gather(proba[b]!, rows[a]!));
      pairScores.push((aVsB + bVsA) / 2);
    }
  }
  return numpyMean(pairScores);
}
