import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config/schema.ts';
import { createRandom } from '../../src/data/random.ts';
import { selectBackend } from '../../src/train/backend.ts';
import { supportsSimd } from '../../src/train/simd/simd-trainer.ts';
import { fit } from '../../src/train/fit.ts';
import { buildModel, type ModelConfig } from '../../src/train/model.ts';

const rows = 300;
const inputs = 6;
const random = createRandom(5);
const x = Float32Array.from({ length: rows * inputs }, () => random() * 2 - 1);
const classes = Int32Array.from(
  { length: rows },
  (_, i) => ((x[i * inputs] ?? 0) > 0 ? 1 : 0) + ((x[i * inputs + 1] ?? 0) > 0.3 ? 1 : 0),
);
const target = Float32Array.from(
  { length: rows },
  (_, i) => 2 * (x[i * inputs] ?? 0) - (x[i * inputs + 2] ?? 0),
);

async function train(
  model: Partial<ModelConfig>,
  gradients: 'analytic' | 'autodiff',
  regression = false,
) {
  const { tf } = await selectBackend('cpu');
  const config = ConfigSchema.parse({ data: { path: 'unused.csv' }, model }).model;
  const outputs = regression ? 1 : 3;
  const built = await buildModel(
    tf,
    config,
    { inputs, outputs, task: regression ? 'regression' : 'classification' },
    3,
  );
  const data = { x, rows, inputs, y: regression ? target : classes, classes: regression ? 0 : 3 };
  const result = fit(tf, built, data, {
    epochs: 3,
    batchSize: 32,
    learningRate: 0.01,
    seed: 9,
    validationSplit: 0,
    gradients,
  });
  const weights = built.model.getWeights().map((w) => Array.from(w.dataSync()));
  built.model.dispose();
  return { loss: result.loss, weights: weights.flat() };
}

function maxDifference(a: number[], b: number[]): number {
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - (b[i] ?? NaN))), 0);
}

describe('hand-written gradients', () => {
  const cases: [string, Partial<ModelConfig>, boolean][] = [
    ['relu MLP', { hidden: [16, 8], dropout: 0 }, false],
    [
      'tanh MLP with dropout and L2',
      { hidden: [12], dropout: 0.3, activation: 'tanh', l2: 0.01 },
      false,
    ],
    ['elu MLP', { hidden: [8, 8], dropout: 0.1, activation: 'elu' }, false],
    ['sigmoid MLP regression', { hidden: [8], dropout: 0, activation: 'sigmoid' }, true],
    ['linear regression with L2', { type: 'linear', l2: 0.001 }, true],
  ];
  for (const [name, model, regression] of cases) {
    it(`learns what tfjs autodiff + tf.train.adam learn: ${name}`, async () => {
      const autodiff = await train(model, 'autodiff', regression);
      const analytic = await train(model, 'analytic', regression);
      expect(analytic.weights).toHaveLength(autodiff.weights.length);
      // 3 epochs x 10 Adam steps agree to float32 rounding, dropout masks included.
      expect(maxDifference(analytic.weights, autodiff.weights)).toBeLessThan(1e-4);
      expect(maxDifference(analytic.loss, autodiff.loss)).toBeLessThan(1e-4);
      // The comparison is not vacuous: both trained (the loss went down).
      expect(analytic.loss[2]).toBeLessThan(analytic.loss[0] ?? 0);
    });
  }

  it('leaves activations without a written-out derivative to autodiff', () => {
    expect(supportsSimd([{ activation: 'relu' }, { activation: 'linear' }])).toBe(true);
    expect(supportsSimd([{ activation: 'selu' }, { activation: 'linear' }])).toBe(false);
  });
});
