import type { MetricsReport } from '../../../src/core/metrics-report.ts';

/** A classification metrics.json as `modelgate train` writes it, with the given metrics. */
export function classificationRun(
  metrics: Record<string, number | null>,
  overrides: Partial<MetricsReport> = {},
): MetricsReport {
  return {
    schema: 'modelgate/metrics@1',
    task: 'classification',
    labels: ['0', '1'],
    metrics,
    confusion_matrix: [
      [40, 3],
      [2, 69],
    ],
    per_class: {
      precision: [0.9524, 0.9583],
      recall: [0.9302, 0.9718],
      f1: [0.9412, 0.965],
      support: [43, 71],
    },
    n_train: 455,
    n_test: 114,
    data: { path: 'data/breast_cancer.csv', sha256: 'a'.repeat(64), rows: 569 },
    model: { type: 'mlp', params: 4161, bytes: 16644, backend: 'wasm' },
    timing: { train_s: 3.21, eval_s: 0.04, samples_per_s: 2834.9 },
    git: { sha: '1111111111111111111111111111111111111111', ref: 'refs/pull/7/merge' },
    warnings: [],
    ...overrides,
  };
}

/** A regression metrics.json with the given metrics. */
export function regressionRun(
  metrics: Record<string, number | null>,
  overrides: Partial<MetricsReport> = {},
): MetricsReport {
  return {
    ...classificationRun(metrics),
    task: 'regression',
    labels: [],
    confusion_matrix: undefined,
    per_class: undefined,
    data: { path: 'data/diabetes.csv', sha256: 'b'.repeat(64), rows: 442 },
    ...overrides,
  };
}

export const BASE_SHA = '2222222222222222222222222222222222222222';
