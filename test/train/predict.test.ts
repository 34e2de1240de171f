import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config/schema.ts';
import { selectBackend } from '../../src/train/backend.ts';
import { predict } from '../../src/train/fit.ts';
import { buildModel } from '../../src/train/model.ts';
import { simdPredict } from '../../src/train/simd/simd-predict.ts';

describe('predict', () => {
  it('gives, batch by batch, exactly what one model.predict call gives (tfjs path)', async () => {
    const { tf } = await selectBackend('wasm');
    // selu is not among the SIMD forward pass's activations: this model predicts through tfjs.
    const model = ConfigSchema.parse({
      data: { path: 'unused.csv' },
      model: { hidden: [4], activation: 'selu' },
    }).model;
    const built = await buildModel(tf, model, { inputs: 3, outputs: 2, task: 'classification' }, 1);
    const rows = 8192 * 2 + 5;
    const x = Float32Array.from({ length: rows * 3 }, (_, i) => Math.sin(i));
    const batched = predict(tf, built.model, x, rows, 3);
    const whole = tf.tidy(() => {
      const out = built.model.predict(tf.tensor2d(x, [rows, 3]), { batchSize: rows });
      return Array.isArray(out) ? new Float32Array(0) : out.dataSync();
    });
    expect(batched).toHaveLength(rows * 2);
    expect(Buffer.from(batched.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    built.model.dispose();
  });

  for (const activation of ['relu', 'tanh', 'sigmoid', 'elu'] as const) {
    for (const task of ['classification', 'regression'] as const) {
      it(`runs a dense stack through the SIMD kernels as model.predict does (${activation}, ${task})`, async () => {
        const { tf } = await selectBackend('wasm');
        const model = ConfigSchema.parse({
          data: { path: 'unused.csv' },
          model: { hidden: [9, 6], activation, dropout: 0.2 },
        }).model;
        const outputs = task === 'classification' ? 5 : 1;
        const built = await buildModel(tf, model, { inputs: 7, outputs, task }, 2);
        // Non-zero biases, so a dropped bias would show.
        for (const layer of built.model.layers) {
          const [kernel, bias] = layer.getWeights();
          if (kernel && bias) layer.setWeights([kernel, tf.onesLike(bias)]);
        }
        const rows = 2500;
        const x = Float32Array.from({ length: rows * 7 }, (_, i) => Math.sin(i) * 2);
        const simd = simdPredict(built.model, x, rows, 7);
        const reference = tf.tidy(() => {
          const out = built.model.predict(tf.tensor2d(x, [rows, 7]));
          return Array.isArray(out) ? new Float32Array(0) : Float32Array.from(out.dataSync());
        });
        expect(simd).toHaveLength(rows * outputs);
        const worst = reference.reduce(
          (max, v, i) => Math.max(max, Math.abs(v - (simd?.[i] ?? NaN))),
          0,
        );
        expect(worst).toBeLessThan(1e-5);
        built.model.dispose();
      });
    }
  }
});
