import { quoteLabel } from './labels.ts';
import { ONE_CLASS_MESSAGE, twiceWinsSorted } from './roc-auc.ts';
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

/**
 * What every multiclass AUC is made of. `twiceWins[c][r]` compares, on column c, the samples
 * of label c against those of label r: 2·(pairs where c's sample scores higher) + ties. The
 * Mann–Whitney numerator adds up over groups of negatives, so one-vs-rest AUC of c is
 * Σ_r twiceWins[c][r] / (2·n_c·(n − n_c)) and the one-vs-one AUC of (a, b) on column a is
 * twiceWins[a][b] / (2·n_a·n_b). Sorting each column once per label group (k sorts of about
 * n/k values per column) serves every one-vs-rest and one-vs-one split.
 */
export interface ClassRanking {
  counts: number[];
  twiceWins: number[][];
  labels?: readonly string[];
}

/** Row indices of each label. */
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

function sortedGather(column: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
  return out.sort();
}

/**
 * sklearn validates `np.allclose(1, proba.sum(axis=1))` (rtol 1e-5, atol 1e-8) before any
 * multiclass AUC; rows that do not sum to one (or hold NaN) make every multiclass AUC undefined.
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

/** Validates the probabilities and computes the pairwise win counts of every label pair. */
export function rankClasses({ yTrue, proba, labels }: MulticlassScores): ClassRanking {
  assertRowsSumToOne(proba, yTrue.length);
  const rows = rowsByLabel(yTrue, proba.length);
  const twiceWins = proba.map((column, c) => {
    const groups = rows.map((r) => sortedGather(column, r));
    return groups.map((group, r) => (r === c ? 0 : twiceWinsSorted(groups[c]!, group)));
  });
  return { counts: rows.map((r) => r.length), twiceWins, labels };
}

/** One-vs-rest AUC of every label (label k positive, column k as score). */
export function oneVsRestFromRanking({ counts, twiceWins, labels }: ClassRanking): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((count, label) => {
    if (count === 0 || count === total) {
      const name = labels?.[label] === undefined ? `#${label}` : quoteLabel(labels[label] ?? '');
      // sklearn says "Only one class present in y_true"; naming the label tells the user which.
      throw new UndefinedMetricError(
        count === 0
          ? `label ${name} has no samples in y_true, so its one-vs-rest ROC AUC is not defined.`
          : `every sample in y_true has label ${name}, so its one-vs-rest ROC AUC is not defined.`,
      );
    }
    const wins = (twiceWins[label] ?? []).reduce((a, b) => a + b, 0);
    return wins / (2 * count * (total - count));
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
export function ovrAveragesFromRanking(ranking: ClassRanking): OneVsRestAverages {
  const perLabel = oneVsRestFromRanking(ranking);
  return { macro: numpyMean(perLabel), weighted: numpyWeightedMean(perLabel, ranking.counts) };
}

/**
 * Hand & Till (2001) one-vs-one macro AUC: the mean over every pair (a, b) of labels PRESENT in
 * `yTrue` of (AUC(a vs b by column a) + AUC(b vs a by column b)) / 2, each on the samples of a
 * and b only. Labels absent from `yTrue` are skipped, as sklearn 1.2.1 pairs `np.unique(y_true)`.
 */
export function ovoMacroFromRanking({ counts, twiceWins }: ClassRanking): number {
  const present = counts.flatMap((count, label) => (count > 0 ? [label] : []));
  if (present.length < 2) throw new UndefinedMetricError(ONE_CLASS_MESSAGE);
  const pairScores: number[] = [];
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const a = present[i]!;
      const b = present[j]!;
      const pairs = 2 * counts[a]! * counts[b]!;
      const aVsB = twiceWins[a]![b]! / pairs;
      const bVsA = twiceWins[b]![a]! / pairs;
      pairScores.push((aVsB + bVsA) / 2);
    }
  }
  return numpyMean(pairScores);
}

/** One-vs-rest AUC of every label. */
export function rocAucOneVsRest(scores: MulticlassScores): number[] {
  return oneVsRestFromRanking(rankClasses(scores));
}

/** Both one-vs-rest averages (`multi_class='ovr'`, `average='macro'` and `'weighted'`). */
export function rocAucOvrAverages(scores: MulticlassScores): OneVsRestAverages {
  return ovrAveragesFromRanking(rankClasses(scores));
}

/** One of the one-vs-rest averages (`roc_auc_score(..., multi_class='ovr', average=...)`). */
export function rocAucOvr(scores: MulticlassScores, average: 'macro' | 'weighted'): number {
  return rocAucOvrAverages(scores)[average];
}

/** Hand & Till one-vs-one macro AUC (`roc_auc_score(..., multi_class='ovo')`). */
export function rocAucOvoMacro(scores: MulticlassScores): number {
  return ovoMacroFromRanking(rankClasses(scores));
}
