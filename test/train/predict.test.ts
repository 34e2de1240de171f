import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config/schema.ts';
import { selectBackend } from '../../src/train/backend.ts';
import { predict } from '../../src/train/fit.ts';
import { buildModel } from '../../src/train/model.ts';

describe('predict', () => {
  it('gives, batch by batch, exactly what one model.predict call gives', async () => {
    const { tf } = await selectBackend('wasm');
    const model = ConfigSchema.parse({
      data: { path: 'unused.csv' },
      model: { hidden: [4] },
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
});
