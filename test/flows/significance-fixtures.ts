/**
 * Predictions for the significance scenarios of the face-parity test: the 200 test rows of
 * `metricsReport` (n_test 200), alternating labels, ids as modelgate writes them, the first
 * `wrong` rows misclassified, so a run with w wrong rows has accuracy (200 − w) / 200.
 */
export const TEST_ROWS = 200;

/** predictions.csv of a run that misclassifies its first `wrong` test rows. */
export function predictionsCsv(wrong: number): string {
  const lines = ['row_id,y_true,y_pred,y_score'];
  for (let row = 0; row < TEST_ROWS; row++) {
    const truth = row % 2;
    const pred = row < wrong ? 1 - truth : truth;
    lines.push(`${row.toString(16).padStart(16, '0')},${truth},${pred},${pred === 1 ? 0.8 : 0.2}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Accuracy of a run with `wrong` misclassified rows. */
export const accuracyOf = (wrong: number): number => (TEST_ROWS - wrong) / TEST_ROWS;

/** A gate whose relative rule is finer than one row but tested for significance. */
export const SIGNIFICANCE_CONFIG = `data: { path: data/train.csv, label: target }
gate:
  - { metric: accuracy, min: 0.8 }
  - { metric: accuracy, max_drop: 0.005, significance: 0.05 }
release: { tag_prefix: model-v, environment: production }
`;
