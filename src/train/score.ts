import { classificationReport, regressionReport } from '../core/metrics/index.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { restoreTarget, type Preprocessing } from '../data/preprocess.ts';

/** The metric part of metrics.json: what `train` and `evaluate` both compute from predictions. */
export type Scores = Pick<
  MetricsReport,
  'labels' | 'metrics' | 'confusion_matrix' | 'per_class' | 'warnings'
>;

/** Class probabilities per label (float64, rows renormalised) and the argmax label per row. */
export function decodeClasses(
  output: Float32Array,
  rows: number,
  classes: readonly string[],
): { proba: Float64Array[]; predicted: string[] } {
  const k = classes.length;
  const proba = classes.map(() => new Float64Array(rows));
  const predicted = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    let best = 0;
    for (let j = 0; j < k; j++) {
      const p = output[i * k + j] ?? 0;
      sum += p;
      if (p > (output[i * k + best] ?? 0)) best = j;
    }
    // Softmax in float32 sums to 1 only within ~1e-7; sklearn's multiclass AUC and log
    // loss check the sum, so renormalise in float64.
    for (let j = 0; j < k; j++)
      (proba[j] ?? new Float64Array(0))[i] = (output[i * k + j] ?? 0) / sum;
    predicted[i] = classes[best] ?? '';
  }
  return { proba, predicted };
}

/**
 * Scores model outputs against the true labels. A true label the model never saw in
 * training has no probability column: the probability metrics are then `null` with a
 * warning (DESIGN.md §5: an undefined metric is null, never missing or a crash).
 */
export function scoreOutputs(
  prep: Preprocessing,
  yTrue: readonly string[] | Float64Array,
  output: Float32Array,
  rows: number,
): Scores {
  if (prep.task === 'regression' || yTrue instanceof Float64Array) {
    const truth = yTrue instanceof Float64Array ? yTrue : Float64Array.from(yTrue, Number);
    const report = regressionReport({ yTrue: truth, yPred: restoreTarget(output, prep) });
    return { labels: [], metrics: report.metrics, warnings: report.warnings };
  }
  const { proba, predicted } = decodeClasses(output, rows, prep.classes);
  const known = new Set(prep.classes);
  const unseen = [...new Set(yTrue.filter((label) => !known.has(label)))];
  const warnings: string[] = [];
  if (unseen.length > 0) {
    warnings.push(
      `Labels not seen in training (${unseen
        .slice(0, 5)
        .map((l) => JSON.stringify(l))
        .join(', ')}): the model has no class for them, so it can never predict them.`,
    );
  }
  const report = classificationReport({
    yTrue,
    yPred: predicted,
    scores: { labels: prep.classes, proba },
  });
  return {
    labels: report.labels,
    metrics: report.metrics,
    confusion_matrix: report.confusion_matrix,
    per_class: report.per_class,
    warnings: [...warnings, ...report.warnings],
  };
}
