/**
 * Class labels travel as strings (a CSV cell, a JSON key), but their order must follow
 * scikit-learn's `unique_labels`, which sorts the numpy array of labels: numbers numerically
 * when every label is a number, strings by code point otherwise. The order fixes the rows of
 * the confusion matrix, the columns of `proba` and which label is "positive" in binary metrics.
 */

/** True when the label reads as a finite number, as `np.asarray(labels, dtype=float)` would. */
function isNumericLabel(label: string): boolean {
  return label.trim() !== '' && Number.isFinite(Number(label));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts distinct labels the way scikit-learn does: numeric order if every label is a number,
 * else lexicographic. Numerically equal spellings ("1" and "1.0") stay distinct labels and are
 * ordered by their text, so the order is total and deterministic.
 */
export function sortLabels(labels: Iterable<string>): string[] {
  const distinct = [...new Set(labels)];
  if (distinct.length > 0 && distinct.every(isNumericLabel)) {
    return distinct.sort((a, b) => Number(a) - Number(b) || compareStrings(a, b));
  }
  return distinct.sort(compareStrings);
}

/** The sorted union of every label seen in the given lists (`sklearn.utils.multiclass.unique_labels`). */
export function uniqueLabels(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const label of list) seen.add(label);
  return sortLabels(seen);
}

/**
 * Maps each value to its index in `labels` (typed array, so million-row inputs stay compact).
 * Every value must be one of the labels; the caller builds `labels` from the values.
 */
export function encodeLabels(values: readonly string[], labels: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  labels.forEach((label, i) => index.set(label, i));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const code = index.get(values[i] ?? '');
    if (code === undefined) {
      throw new Error(`Label "${values[i]}" at position ${i} is not among the known labels.`);
    }
    codes[i] = code;
  }
  return codes;
}

/** sklearn's default `pos_label=1`, the positive label when only one label is known. */
export const DEFAULT_POSITIVE_LABEL = '1';

/**
 * The positive label of binary precision, recall, F1 and ROC AUC. With two labels it is the
 * greater one (DESIGN.md §5), which generalises sklearn's `pos_label=1` for {0, 1} and {-1, 1}
 * to labels sklearn would reject ("pos_label=1 is not a valid label"). With one label sklearn
 * 1.2.1 keeps `pos_label=1`: the label itself when it reads as the number 1, otherwise "1",
 * which then never occurs (its scores fall back to zero_division).
 */
export function positiveLabel(labels: readonly string[]): string {
  if (labels.length === 2) return labels[1]!;
  if (labels.length !== 1) {
    throw new Error(`A positive label needs one or two labels, got ${labels.length}.`);
  }
  const only = labels[0]!;
  return isNumericLabel(only) && Number(only) === 1 ? only : DEFAULT_POSITIVE_LABEL;
}

/** Quotes a label for a message, so that an empty or space-padded label stays visible. */
export function quoteLabel(label: string): string {
  return JSON.stringify(label);
}
