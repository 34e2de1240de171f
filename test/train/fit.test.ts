import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config/schema.ts';
import { createRandom } from '../../src/data/random.ts';
import { selectBackend } from '../../src/train/backend.ts';
import { fit } from '../../src/train/fit.ts';
import { buildModel, type ModelConfig } from '../../src/train/model.ts';
import { testTempDir } from '../support/temp-dir.ts';
import { writeData } from './fixtures.ts';

function modelConfig(model: Partial<ModelConfig>): ModelConfig {
  return ConfigSchema.parse({ data: { path: 'unused.csv' }, model }).model;
}

describe('fit with a validation split', () => {
  // Labels that are pure noise: the validation loss wanders and the model overfits, so the
  // best validation epoch is an early one.
  const rows = 200;
  const inputs = 10;
  const random = createRandom(11);
  const x = Float32Array.from({ length: rows * inputs }, () => random() * 2 - 1);
  const y = Int32Array.from({ length: rows }, () => (random() > 0.5 ? 1 : 0));

  for (const gradients of ['analytic', 'autodiff'] as const) {
    it(`ends on the best validation epoch's weights when the epochs run out first (${gradients})`, async () => {
      const { tf } = await selectBackend('cpu');
      const built = await buildModel(
        tf,
        modelConfig({ hidden: [64, 64], dropout: 0 }),
        { inputs, outputs: 2, task: 'classification' },
        1,
      );
      const snapshots: number[][] = [];
      const weights = () => built.model.getWeights().flatMap((w) => Array.from(w.dataSync()));
      const result = fit(
        tf,
        built,
        { x, rows, inputs, y, classes: 2 },
        {
          epochs: 12,
          batchSize: 16,
          learningRate: 0.01,
          seed: 3,
          validationSplit: 0.25,
          // More patience than epochs: training ends by running out of epochs.
          patience: 20,
          gradients,
          onEpoch: () => snapshots.push(weights()),
        },
      );
      expect(result.stoppedEarly).toBe(false);
      expect(result.epochs).toBe(12);
      const best = Math.min(...result.valLoss);
      expect(result.bestEpoch).toBe(result.valLoss.indexOf(best) + 1);
      // Not vacuous: the last epoch is not the best, and its weights differ from the best's.
      expect(result.bestEpoch).toBeLessThan(result.epochs);
      expect(snapshots.at(-1)).not.toEqual(snapshots[result.bestEpoch - 1]);
      expect(weights()).toEqual(snapshots[result.bestEpoch - 1]);
      built.model.dispose();
    });
  }
});

describe('fit of a user module', () => {
  it("adds the model's regularisation losses, as tfjs's model.fit does", async () => {
    const { tf } = await selectBackend('cpu');
    const dir = await testTempDir('fit-module');
    const path = await writeData(
      dir,
      'model.mjs',
      `export function createModel(tf, { inputs, outputs }) {
  const l2 = () => tf.regularizers.l2({ l2: 1 });
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 16, inputShape: [inputs], activation: 'relu', kernelRegularizer: l2(), kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.dense({ units: outputs, activation: 'softmax', kernelRegularizer: l2(), kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return m;
}
`,
    );
    const rows = 400;
    const inputs = 6;
    const random = createRandom(7);
    const x = Float32Array.from({ length: rows * inputs }, () => random() * 4 - 2);
    const y = Int32Array.from({ length: rows }, (_, i) => ((x[i * inputs] ?? 0) > 0 ? 1 : 0));
    const built = await buildModel(
      tf,
      modelConfig({ module: path }),
      { inputs, outputs: 2, task: 'classification' },
      1,
    );
    fit(
      tf,
      built,
      { x, rows, inputs, y, classes: 2 },
      { epochs: 30, batchSize: 32, learningRate: 0.05, seed: 3, validationSplit: 0 },
    );
    // An L2 factor of 1 drives the kernels to ~0 (model.fit: 0.000); unregularised, the
    // separable data grows them to a squared norm of about 100.
    const squaredNorms = built.model.trainableWeights
      .filter((w) => w.name.includes('kernel'))
      .map((w) => tf.tidy(() => tf.sum(tf.square(w.read())).dataSync()[0] ?? NaN));
    expect(squaredNorms).toHaveLength(2);
    for (const norm of squaredNorms) expect(norm).toBeLessThan(0.05);
    built.model.dispose();
  });
});
