import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setMetricOutputs } from '../../src/action/metric-outputs.ts';
import type { MetricsReport } from '../../src/core/metrics-report.ts';
import { parseOutputFile } from '../../src/sandbox/action-step.ts';

function report(task: MetricsReport['task'], metrics: MetricsReport['metrics']): MetricsReport {
  return {
    schema: 'modelgate/metrics@1',
    task,
    labels: task === 'classification' ? ['a', 'b'] : [],
    metrics,
    n_train: 8,
    n_test: 2,
    data: { path: 'data.csv', sha256: 'f'.repeat(64), rows: 10 },
    model: { type: 'mlp', params: 10, bytes: 40, backend: 'cpu' },
    timing: { train_s: 0.1, eval_s: 0.01, samples_per_s: 80 },
    warnings: [],
  };
}

let outputFile = '';
const previous = process.env.GITHUB_OUTPUT;

beforeEach(async () => {
  outputFile = join(await mkdtemp(join(tmpdir(), 'modelgate-outputs-')), 'output');
  await writeFile(outputFile, '');
  process.env.GITHUB_OUTPUT = outputFile;
});

afterEach(async () => {
  if (previous === undefined) delete process.env.GITHUB_OUTPUT;
  else process.env.GITHUB_OUTPUT = previous;
  await rm(dirname(outputFile), { recursive: true, force: true });
});

describe('setMetricOutputs', () => {
  it('classification: accuracy is the primary metric; an undefined metric stays in the JSON as null', async () => {
    setMetricOutputs(report('classification', { accuracy: 0.875, roc_auc: null }));
    expect(parseOutputFile(await readFile(outputFile, 'utf8'))).toEqual({
      accuracy: '0.875',
      'primary-metric': '0.875',
      'primary-metric-name': 'accuracy',
      metrics: '{"accuracy":0.875,"roc_auc":null}',
    });
  });

  it('regression: r2 is the primary metric and there is no accuracy output', async () => {
    setMetricOutputs(report('regression', { mae: 41.5, r2: 0.47 }));
    expect(parseOutputFile(await readFile(outputFile, 'utf8'))).toEqual({
      'primary-metric': '0.47',
      'primary-metric-name': 'r2',
      metrics: '{"mae":41.5,"r2":0.47}',
    });
  });

  it('an undefined primary metric is an empty output, which expressions read as false', async () => {
    setMetricOutputs(report('regression', { mae: 1, r2: null }));
    expect(parseOutputFile(await readFile(outputFile, 'utf8'))).toMatchObject({
      'primary-metric': '',
    });
  });
});
