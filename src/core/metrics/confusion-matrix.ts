/**
 * Confusion matrix over encoded labels: rows are true labels, columns predicted labels, both
 * in label order (`sklearn.metrics.confusion_matrix`).
 */
export function confusionMatrix(
  yTrue: Int32Array,
  yPred: Int32Array,
  labelCount: number,
): number[][] {
  if (yTrue.length !== yPred.length) {
    throw new Error(`yTrue has ${yTrue.length} entries but yPred has ${yPred.length}.`);
  }
  // One flat typed array keeps the million-row loop free of nested-array lookups.
  const flat = new Float64Array(labelCount * labelCount);
  for (let i = 0; i < yTrue.length; i++) {
    flat[(yTrue[i] ?? 0) * labelCount + (yPred[i] ?? 0)]! += 1;
  }
  const rows: number[][] = [];
  for (let r = 0; r < labelCount; r++) {
    rows.push(Array.from(flat.subarray(r * labelCount, (r + 1) * labelCount)));
  }
  return rows;
}

/** Share of samples on the diagonal (`accuracy_score`). NaN for an empty matrix. */
export function accuracyFromConfusion(matrix: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, r) => {
    row.forEach((count, c) => {
      total += count;
      if (r === c) correct += count;
    });
  });
  return correct / total;
}
