import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { MetricsReportSchema } from '../../src/core/metrics-report.ts';
import {
  BINARY_METRICS,
  CLASSIFICATION_METRICS,
  MULTICLASS_METRICS,
} from '../../src/core/metrics/registry.ts';
import { readLabels, inferSchema } from '../../src/data/schema.ts';
import { readTable } from '../../src/data/read-table.ts';
import { splitRows } from '../../src/data/split.ts';
import { evaluateSavedModel } from '../../src/train/evaluate-run.ts';
import { trainAndEvaluate } from '../../src/train/train-run.ts';
import { writeRunDirectory } from '../../src/train/write-run.ts';
import { classificationCsv, regressionCsv, tempDir, testConfig, writeData } from './fixtures.ts';

let dir: string;
let classification: string;
let regression: string;
beforeAll(async () => {
  dir = await tempDir('train');
  classification = await writeData(dir, 'cls.csv', classificationCsv());
  regression = await writeData(dir, 'reg.csv', regressionCsv());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainAndEvaluate', () => {
  it('learns a classification task and reports a valid metrics.json', async () => {
    const { metrics, preprocessing } = await trainAndEvaluate({
      config: testConfig(classification, 'label'),
    });
    expect(MetricsReportSchema.parse(metrics)).toEqual(metrics);
    expect(metrics.task).toBe('classification');
    expect(metrics.labels).toEqual(['no', 'yes']);
    expect(metrics.metrics.accuracy).toBeGreaterThan(0.85);
    expect(Object.keys(metrics.metrics).sort()).toEqual(
      [...CLASSIFICATION_METRICS, ...BINARY_METRICS].sort(),
    );
    expect([metrics.n_train, metrics.n_test]).toEqual([192, 48]);
    expect(metrics.model).toMatchObject({ type: 'mlp', backend: 'wasm' });
    // 2 numeric + 3 one-hot inputs -> 64 -> 32 -> 2 outputs.
    expect(metrics.model.params).toBe(5 * 64 + 64 + 64 * 32 + 32 + 32 * 2 + 2);
    expect(metrics.model.bytes).toBe(metrics.model.params * 4);
    const fill =
      preprocessing.features[0]?.kind === 'numeric' ? preprocessing.features[0].fill : NaN;
    expect(metrics.warnings.join('\n')).toMatch(
      new RegExp(
        `^Training rows: Column "a": \\d+ missing or infinite value\\(s\\) replaced by the training median ${fill}\\.$`,
        'm',
      ),
    );
  });

  it('is deterministic: same seed, data and backend give identical metrics and weights', async () => {
    const config = testConfig(classification, 'label', { model: { dropout: 0.2 } });
    const first = await trainAndEvaluate({ config });
    const second = await trainAndEvaluate({ config });
    expect(second.metrics.metrics).toEqual(first.metrics.metrics);
    expect(Buffer.from(second.model.weights).equals(Buffer.from(first.model.weights))).toBe(true);
    expect(second.fit.loss).toEqual(first.fit.loss);
    const reseeded = await trainAndEvaluate({
      config: { ...config, train: { ...config.train, seed: 7 } },
    });
    expect(Buffer.from(reseeded.model.weights).equals(Buffer.from(first.model.weights))).toBe(
      false,
    );
  });

  it('learns a regression task in the target units', async () => {
    const { metrics, preprocessing } = await trainAndEvaluate({
      config: testConfig(regression, 'y', { train: { epochs: 30 } }),
    });
    expect(metrics.task).toBe('regression');
    expect(metrics.labels).toEqual([]);
    expect(Object.keys(metrics.metrics)).toEqual(['mae', 'mse', 'rmse', 'r2']);
    expect(metrics.metrics.r2).toBeGreaterThan(0.9);
    expect(preprocessing.target?.mean).toBeCloseTo(10, 0);
  });

  it('stops early on a validation split and keeps the best epoch', async () => {
    const { fit, metrics } = await trainAndEvaluate({
      config: testConfig(classification, 'label', {
        train: { epochs: 400, learning_rate: 0.05, validation_split: 0.25, patience: 2 },
      }),
    });
    expect(fit.stoppedEarly).toBe(true);
    expect(fit.epochs).toBeLessThan(400);
    expect(fit.valLoss).toHaveLength(fit.epochs);
    expect(fit.bestEpoch).toBe(fit.epochs - 2);
    expect(
      metrics.warnings.some((w) => w.startsWith(`Early stopping after epoch ${fit.epochs}`)),
    ).toBe(true);
  });

  it('trains logistic and linear models without hidden layers', async () => {
    const logistic = await trainAndEvaluate({
      config: testConfig(classification, 'label', { model: { type: 'logistic' } }),
    });
    expect(logistic.metrics.model.params).toBe(5 * 2 + 2);
    const linear = await trainAndEvaluate({
      config: testConfig(regression, 'y', { model: { type: 'linear' } }),
    });
    expect(linear.metrics.model.params).toBe(2 + 1);
    expect(linear.metrics.metrics.r2).toBeGreaterThan(0.9);
  });
});

describe('evaluateSavedModel', () => {
  it('reproduces the held-out metrics exactly from the saved model and preprocessing', async () => {
    const config = testConfig(classification, 'label');
    const result = await trainAndEvaluate({ config });
    const out = join(dir, 'run');
    await writeRunDirectory(out, {
      metrics: result.metrics,
      report: '',
      model: { serialized: result.model, preprocessing: result.preprocessing },
    });
    // Write exactly the held-out rows, found the way training split them.
    const table = await readTable(classification);
    const labelled = readLabels(table, inferSchema(table, { label: 'label' }));
    const values = labelled.task === 'classification' ? labelled.values : [];
    const { test } = splitRows(
      labelled.rows.length,
      config.train.test_split,
      config.train.seed,
      values,
    );
    const lines = classificationCsv().trimEnd().split('\n');
    const heldOut = [lines[0], ...Array.from(test, (p) => lines[(labelled.rows[p] ?? 0) + 1])].join(
      '\n',
    );
    const testFile = await writeData(dir, 'held-out.csv', `${heldOut}\n`);

    const { metrics } = await evaluateSavedModel({
      modelDir: join(out, 'model'),
      dataPath: testFile,
      backend: 'wasm',
    });
    expect(metrics.metrics).toEqual(result.metrics.metrics);
    expect(metrics.confusion_matrix).toEqual(result.metrics.confusion_matrix);
    expect(metrics.n_train).toBe(result.metrics.n_train);
    expect(metrics.model).toEqual({ ...result.metrics.model });
  });

  it('scores data with an unseen class and an unseen category instead of failing', async () => {
    const result = await trainAndEvaluate({ config: testConfig(classification, 'label') });
    const out = join(dir, 'run-unseen');
    await writeRunDirectory(out, {
      metrics: result.metrics,
      report: '',
      model: { serialized: result.model, preprocessing: result.preprocessing },
    });
    const file = await writeData(
      dir,
      'unseen.csv',
      'a,b,colour,label\n1,1,purple,yes\n-1,-1,red,maybe\n',
    );
    const { metrics } = await evaluateSavedModel({ modelDir: join(out, 'model'), dataPath: file });
    expect(metrics.labels).toEqual(['maybe', 'no', 'yes']);
    // Every multiclass key of DESIGN.md §5 is there; the probability ones are null + warning.
    expect(Object.keys(metrics.metrics).sort()).toEqual(
      [...CLASSIFICATION_METRICS, ...MULTICLASS_METRICS].sort(),
    );
    for (const key of MULTICLASS_METRICS) expect(metrics.metrics[key]).toBeNull();
    expect(metrics.warnings).toContain(
      `${MULTICLASS_METRICS.join(', ')} are undefined: label(s) "maybe" occur in y_true or y_pred but have no probability column.`,
    );
    expect(metrics.warnings.join('\n')).toMatch(/categories unseen in training \("purple"\)/);
    expect(metrics.warnings.join('\n')).toMatch(/Labels not seen in training \("maybe"\)/);
  });

  it('saves and evaluates a model trained on a column of 1e200-scale numbers', async () => {
    // Their squares overflow: a naive std was Infinity, saved as null, and evaluate refused
    // the model ("features[...].scale ... received null").
    const [header, ...lines] = classificationCsv().trimEnd().split('\n');
    const csv = [
      `${header},big`,
      ...lines.map((line) => `${line},${Number(line.split(',')[1]) * 1e200}`),
    ].join('\n');
    const file = await writeData(dir, 'big.csv', `${csv}\n`);
    const result = await trainAndEvaluate({ config: testConfig(file, 'label') });
    const big = result.preprocessing.features.find((step) => step.name === 'big');
    expect(big?.kind === 'numeric' && Number.isFinite(big.scale) && big.scale > 1e199).toBe(true);
    const out = join(dir, 'run-big');
    await writeRunDirectory(out, {
      metrics: result.metrics,
      report: '',
      model: { serialized: result.model, preprocessing: result.preprocessing },
    });
    const { metrics } = await evaluateSavedModel({ modelDir: join(out, 'model'), dataPath: file });
    expect(metrics.metrics.accuracy).toBeGreaterThan(0.85);
  });

  it('names a missing model directory or label column', async () => {
    await expect(
      evaluateSavedModel({ modelDir: join(dir, 'nope'), dataPath: classification }),
    ).rejects.toThrow(/preprocessing\.json does not exist/);
    const result = await trainAndEvaluate({
      config: testConfig(regression, 'y', { train: { epochs: 1 } }),
    });
    const out = join(dir, 'run-reg');
    await writeRunDirectory(out, {
      metrics: result.metrics,
      report: '',
      model: { serialized: result.model, preprocessing: result.preprocessing },
    });
    const file = await writeData(dir, 'nolabel.csv', 'a,b\n1,2\n');
    await expect(
      evaluateSavedModel({ modelDir: join(out, 'model'), dataPath: file }),
    ).rejects.toThrow(/has no label column "y"; evaluate needs the true labels/);
    await expect(evaluateSavedModel({ modelDir: out, dataPath: file })).rejects.toThrow(
      `${out} is a run directory, not a model directory; pass its model/ directory (${join(out, 'model')}).`,
    );
  });
});

describe('model modules', () => {
  it('trains a createModel(tf, { inputs, outputs, task }) module with our tf instance', async () => {
    const module = await writeData(
      dir,
      'model.mjs',
      `export function createModel(tf, { inputs, outputs, task }) {
  if (task !== 'classification') throw new Error('unexpected task ' + task);
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, inputShape: [inputs], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ units: outputs, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return model;
}
`,
    );
    const { metrics } = await trainAndEvaluate({
      config: testConfig(classification, 'label', { model: { module } }),
    });
    expect(metrics.model.type).toBe(`module:${module}`);
    expect(metrics.model.params).toBe(5 * 8 + 8 + 8 * 2 + 2);
    expect(metrics.metrics.accuracy).toBeGreaterThan(0.8);
  });

  it('names a module without createModel and a model with the wrong output shape', async () => {
    const empty = await writeData(dir, 'empty.mjs', 'export const x = 1;\n');
    await expect(
      trainAndEvaluate({
        config: testConfig(classification, 'label', { model: { module: empty } }),
      }),
    ).rejects.toThrow(/does not export a function createModel/);
    const wrong = await writeData(
      dir,
      'wrong.mjs',
      `export const createModel = (tf, { inputs }) => tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [inputs] })] });\n`,
    );
    const attempt = trainAndEvaluate({
      config: testConfig(classification, 'label', { model: { module: wrong } }),
    });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(
      trainAndEvaluate({
        config: testConfig(classification, 'label', { model: { module: wrong } }),
      }),
    ).rejects.toThrow(/outputs shape \[null,3\]; expected \[null, 2\]/);
  });

  it('names a missing module and one whose createModel throws, as bad input', async () => {
    const missing = join(dir, 'no-such-model.mjs');
    await expect(
      trainAndEvaluate({
        config: testConfig(classification, 'label', { model: { module: missing } }),
      }),
    ).rejects.toThrow(
      new InputError(
        `Model module ${missing} does not exist (resolved to ${missing}); expected an ES module file exporting createModel.`,
      ),
    );
    const throws = await writeData(
      dir,
      'throws.mjs',
      "export function createModel() { throw new Error('no GPU here'); }\n",
    );
    const attempt = trainAndEvaluate({
      config: testConfig(classification, 'label', { model: { module: throws } }),
    });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(
      `createModel in ${throws} threw: no GPU here; expected it to return a tf.LayersModel.`,
    );
  });
});
