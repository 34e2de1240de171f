import type * as tfTypes from '@tensorflow/tfjs';
import type { TF } from './backend.ts';
import { simdPredict } from './simd/simd-predict.ts';

/** Rows per predict call: bounds memory, and each batch is uploaded on its own. */
const PREDICT_BATCH = 8192;

/**
 * Model outputs for rows of features: class probabilities (rows x classes) or standardised
 * predictions (rows x 1), row-major. Batches are uploaded from `x` one by one rather than
 * handed to `model.predict` as one tensor to slice: on wasm every slice copies the whole
 * input out of the heap, which is quadratic in the number of rows. A plain dense stack runs
 * through the SIMD kernels instead (simd-predict.ts).
 */
export function predict(
  tf: TF,
  model: tfTypes.LayersModel,
  x: Float32Array,
  rows: number,
  inputs: number,
): Float32Array {
  const fast = simdPredict(model, x, rows, inputs);
  if (fast) return fast;
  let result = new Float32Array(0);
  for (let start = 0; start < rows; start += PREDICT_BATCH) {
    const size = Math.min(PREDICT_BATCH, rows - start);
    // The output tensor leaves tf.tidy and is read outside it: tidy walks whatever its
    // function returns key by key, which for a typed array is one string per value.
    const output = tf.tidy(() => {
      const batch = tf.tensor2d(x.subarray(start * inputs, (start + size) * inputs), [
        size,
        inputs,
      ]);
      const out = model.predict(batch, { batchSize: size });
      const tensor = Array.isArray(out) ? out[0] : out;
      if (!tensor) throw new Error('The model produced no output.');
      return tensor;
    });
    const values = output.dataSync();
    output.dispose();
    if (start === 0) result = new Float32Array(rows * (values.length / size));
    result.set(values, start * (values.length / size));
  }
  return result;
}
