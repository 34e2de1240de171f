import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/metrics-report.ts';
import { renderRunReport } from '../../src/core/render/run-report.ts';

const report: MetricsReport = {
  schema: 'modelgate/metrics@1',
  task: 'classification',
  labels: ['<b>cat</b>', 'dog'],
  metrics: { log_loss: 0.25, accuracy: 0.9, roc_auc: null, custom_metric: 1 },
  confusion_matrix: [
    [4, 1],
    [0, 5],
  ],
  per_class: { precision: [1, 0.8333], recall: [0.8, 1], f1: [0.8889, 0.9091], support: [5, 5] },
  n_train: 40,
  n_test: 10,
  data: { path: 'data/train_set.csv', sha256: 'a'.repeat(64), rows: 50 },
  model: { type: 'mlp', params: 4130, bytes: 16520, backend: 'wasm' },
  timing: { train_s: 1.234, eval_s: 0.01, samples_per_s: 32415.6 },
  git: { sha: 'b'.repeat(40), ref: 'refs/heads/main' },
  warnings: ['roc_auc is undefined: only one class present in y_true.'],
};

describe('renderRunReport', () => {
  const markdown = renderRunReport(report);

  it('says "held-out" only for training: evaluate scores whatever data it was given', () => {
    const evaluation = renderRunReport(report, 'modelgate evaluation', 'evaluation');
    expect(evaluation).toContain(
      '**Accuracy: 0.9000** on 10 rows of data/train&#95;set.csv (classification).',
    );
    expect(evaluation).not.toContain('held-out');
    expect(evaluation).toContain('| Rows | 10 evaluated |');
    expect(evaluation).not.toContain('| Split |');
    expect(evaluation).not.toMatch(/\| Training \|/);
    expect(evaluation).not.toMatch(/^\|(\s*\|)+$/m);
  });

  it('leads with the primary metric and lists metrics in registry order, unknown keys last', () => {
    expect(markdown).toMatch(
      /^# modelgate run\n\n\*\*Accuracy: 0\.9000\*\* on 10 held-out rows \(classification\)\./,
    );
    const order = [
      '| Accuracy |',
      '| ROC AUC | — |',
      '| Log loss | 0.2500 |',
      '| custom&#95;metric | 1.0000 |',
    ].map((row) => markdown.indexOf(row));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('escapes labels and paths from the data and shows the run facts', () => {
    expect(markdown).toContain('&lt;b&gt;cat&lt;/b&gt;');
    expect(markdown).not.toContain('<b>cat');
    expect(markdown).toContain('| Data | data/train&#95;set.csv (50 rows, sha256 aaaaaaa) |');
    expect(markdown).toContain('| Training | 1.23 s (32,416 samples/s) |');
    expect(markdown).toContain('| Commit | bbbbbbb (refs/heads/main) |');
    expect(markdown).toContain('Warnings (1)');
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('omits class sections for regression', () => {
    const regression = renderRunReport({
      ...report,
      task: 'regression',
      labels: [],
      metrics: { r2: 0.5, mae: 3 },
      confusion_matrix: undefined,
      per_class: undefined,
      warnings: [],
    });
    expect(regression).toContain('**R²: 0.5000**');
    expect(regression).not.toContain('Confusion matrix');
    expect(regression).not.toContain('Warnings');
  });
});
