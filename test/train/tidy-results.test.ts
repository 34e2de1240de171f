import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config/schema.ts';
import { selectBackend, type TF } from '../../src/train/backend.ts';
import { predict } from '../../src/train/fit.ts';
import { buildModel } from '../../src/train/model.ts';
import { SimdTrainer } from '../../src/train/simd/simd-trainer.ts';

/**
 * tf.tidy walks whatever its function returns, key by key, looking for tensors: a typed array
 * handed back through it costs one string key per value. A 256 x 64 dropout mask read that
 * way made digits' default training (dropout 0.1) take 4 s instead of 0.6 s. These pin that
 * the training step and the prediction loop read their values outside tidy.
 */
async function recordingTf(): Promise<{ tf: TF; returned: unknown[] }> {
  const { tf } = await selectBackend('wasm');
  const returned: unknown[] = [];
  // The namespace stays the prototype; only tidy is replaced, to record what it gets back.
  const recording: TF = Object.create(tf);
  Object.defineProperty(recording, 'tidy', {
    value: (...args: Parameters<TF['tidy']>) => {
      const result = tf.tidy(...args);
      returned.push(result);
      return result;
    },
  });
  return { tf: recording, returned };
}

const typedArrays = (values: unknown[]) => values.filter((value) => ArrayBuffer.isView(value));

describe('values read outside tf.tidy', () => {
  it('a training step with dropout', async () => {
    const { tf, returned } = await recordingTf();
    const model = ConfigSchema.parse({
      data: { path: 'unused.csv' },
      model: { hidden: [16, 16], dropout: 0.1 },
    }).model;
    const built = await buildModel(tf, model, { inputs: 8, outputs: 3, task: 'classification' }, 0);
    const trainer = new SimdTrainer(tf, built.dense ?? [], {
      learningRate: 1e-3,
      l2: 0,
      classification: true,
      batch: 64,
      threads: 0,
    });
    try {
      trainer.x.fill(0.5);
      for (let r = 0; r < 64; r++) trainer.y[r * trainer.targetWidth + (r % 3)] = 1;
      expect(Number.isFinite(trainer.step(64, 7))).toBe(true);
    } finally {
      trainer.dispose();
      built.model.dispose();
    }
    expect(typedArrays(returned)).toEqual([]);
  });

  it('the prediction loop of a model the SIMD forward pass does not cover', async () => {
    const { tf, returned } = await recordingTf();
    const model = ConfigSchema.parse({
      data: { path: 'unused.csv' },
      model: { hidden: [4], activation: 'selu' },
    }).model;
    const built = await buildModel(tf, model, { inputs: 3, outputs: 2, task: 'classification' }, 1);
    const rows = 100;
    const output = predict(tf, built.model, new Float32Array(rows * 3).fill(0.25), rows, 3);
    built.model.dispose();
    expect(output).toHaveLength(rows * 2);
    expect(returned.length).toBeGreaterThan(0);
    expect(typedArrays(returned)).toEqual([]);
  });
});
