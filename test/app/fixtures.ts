import { METRICS_SCHEMA } from '../../src/core/constants.ts';
import { buildProfile } from '../../src/core/drift/profile.ts';
import { MetricsReportSchema, type MetricsReport } from '../../src/core/metrics-report.ts';
import { driftReport } from '../../src/core/drift/drift-report.ts';
import type { Table } from '../../src/core/table.ts';

/**
 * A valid metrics.json for a binary classifier with the given metric values, so App tests
 * build artifacts in microseconds instead of training a model. Parsed through the real schema:
 * a fixture that drifts from the format fails here, not deep inside a handler.
 */
export function metricsReport(
  metrics: Record<string, number | null>,
  sha: string | null = null,
): MetricsReport {
  return MetricsReportSchema.parse({
    schema: METRICS_SCHEMA,
    task: 'classification',
    labels: ['0', '1'],
    metrics: { f1_macro: 0.9, log_loss: 0.25, roc_auc: 0.95, ...metrics },
    confusion_matrix: [
      [90, 10],
      [8, 92],
    ],
    per_class: {
      precision: [0.918, 0.902],
      recall: [0.9, 0.92],
      f1: [0.909, 0.911],
      support: [100, 100],
    },
    n_train: 800,
    n_test: 200,
    data: { path: 'data/train.csv', sha256: 'a'.repeat(64), rows: 1000 },
    model: { type: 'mlp', params: 2_369, bytes: 9_476, backend: 'wasm' },
    timing: { train_s: 1.5, eval_s: 0.05, samples_per_s: 40_000 },
    git: { sha, ref: null },
    warnings: [],
  });
}

/** The files of a `modelgate-report` artifact around a metrics report. */
export function reportArtifact(report: MetricsReport): Record<string, string> {
  return {
    'metrics.json': `${JSON.stringify(report, null, 2)}\n`,
    'report.md': '# modelgate run\n',
    'profile.json': TRAINING_PROFILE,
    'model/model.json': '{"format":"layers-model","modelTopology":{}}\n',
    'model/weights.bin': 'weights',
  };
}

/** The config every App scenario starts from: an absolute floor and a relative rule. */
export const CONFIG_YAML = `data: { path: data/train.csv, label: target }
gate:
  - { metric: accuracy, min: 0.8 }
  - { metric: accuracy, max_drop: 0.01 }
release: { tag_prefix: model-v, environment: production }
monitor: { labels: [drift, model] }
`;

/** The training workflow of the scenario repository (the App reads it for failed runs). */
export const WORKFLOW_YAML = `name: modelgate
on: [pull_request, push]
permissions: { contents: read }
jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: modelgate/modelgate@v1
`;

/** A numeric column of `rows` evenly spread values starting at `offset`. */
function column(
  name: string,
  rows: number,
  offset: number,
  scale: number,
): Table['columns'][number] {
  return {
    name,
    kind: 'numeric',
    values: Float64Array.from({ length: rows }, (_, i) => offset + (i / rows) * scale),
  };
}

function table(path: string, shift: number): Table {
  const rows = 400;
  return {
    path,
    sha256: 'b'.repeat(64),
    rows,
    columns: [
      column('tenure', rows, shift * 24, 72),
      column('monthly_charges', rows, 20 + shift * 30, 100),
      column('age', rows, 18, 60),
    ],
  };
}

/**
 * drift.json from the real drift engine on small synthetic data: `shifted` moves two of three
 * columns far enough that the KS test flags them (dataset drift at the default share of 0.5).
 */
export function driftJson(shifted: boolean): string {
  const report = driftReport({
    reference: table('profile.json', 0),
    current: table('monitoring/current.csv', shifted ? 1 : 0),
  });
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** profile.json of the synthetic training data, built by the real profiler. */
const TRAINING_PROFILE = `${JSON.stringify(buildProfile(table('data/train.csv', 0)))}\n`;
