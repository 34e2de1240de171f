import type { MetricsReport } from '../../src/core/metrics-report.ts';

/** A valid metrics.json with the given accuracy, as a training run writes it. */
export function metricsFixture(accuracy: number, sha: string | null = null): MetricsReport {
  return {
    schema: 'modelgate/metrics@1',
    task: 'classification',
    labels: ['0', '1'],
    metrics: { accuracy, f1_macro: accuracy - 0.01, log_loss: 0.3 },
    confusion_matrix: [
      [40, 10],
      [5, 45],
    ],
    per_class: { precision: [0.89, 0.82], recall: [0.8, 0.9], f1: [0.84, 0.86], support: [50, 50] },
    n_train: 400,
    n_test: 100,
    data: { path: 'data/train.csv', sha256: 'a'.repeat(64), rows: 500 },
    model: { type: 'mlp', params: 1234, bytes: 4936, backend: 'wasm' },
    timing: { train_s: 1.5, eval_s: 0.1, samples_per_s: 2000 },
    git: { sha, ref: 'refs/heads/main' },
    warnings: [],
  };
}

/** A deterministic fake 40-hex commit SHA. */
export function fakeSha(n: number): string {
  return n.toString(16).padStart(40, '0');
}
