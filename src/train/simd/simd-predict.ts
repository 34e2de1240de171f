import type * as tfTypes from '@tensorflow/tfjs';
import { ADD_BIAS, RELU, kernelModule } from './kernels.ts';
import { wasmApi } from './wasm-runtime.ts';

/** One dense layer of a stack the SIMD forward pass can run. */
interface DenseLayer {
  kernel: Float32Array;
  bias: Float32Array | undefined;
  inputs: number;
  units: number;
  activation: string;
}

const ACTIVATIONS = new Set(['linear', 'relu', 'elu', 'sigmoid', 'tanh', 'softmax']);
/** Rows per forward chunk: bounds the memory, large enough to keep the kernels busy. */
const CHUNK = 1024;

/**
 * The model as a plain dense stack (Dense layers, with Dropout and input layers, which are
 * the identity at inference), or undefined for anything else — a user's module with other
 * layers then predicts through tfjs.
 */
function denseStack(model: tfTypes.LayersModel): DenseLayer[] | undefined {
  const stack: DenseLayer[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'Dropout' || kind === 'InputLayer') continue;
    if (kind !== 'Dense') return undefined;
    const { activation, useBias } = layer.getConfig();
    const [kernel, bias] = layer.getWeights();
    const [inputs = 0, units = 0] = kernel?.shape ?? [];
    if (typeof activation !== 'string' || !ACTIVATIONS.has(activation) || !kernel) return undefined;
    if (activation === 'softmax' && layer !== model.layers.at(-1)) return undefined;
    stack.push({
      kernel: Float32Array.from(kernel.dataSync()),
      bias: useBias !== false && bias ? Float32Array.from(bias.dataSync()) : undefined,
      inputs,
      units,
      activation,
    });
  }
  return stack.length > 0 && stack.every((l, i) => i === 0 || l.inputs === stack[i - 1]?.units)
    ? stack
    : undefined;
}

const pad4 = (n: number) => Math.ceil(n / 4) * 4;

/** act(z) in place over `count` values of a row-major block `width` wide (`units` real columns). */
function activate(f: Float32Array, at: number, rows: number, width: number, layer: DenseLayer) {
  for (let r = 0; r < rows; r++) {
    const row = at + r * width;
    if (layer.activation === 'softmax') {
      // tf.softmax: exp(z - max) / sum, per row.
      let max = -Infinity;
      for (let j = 0; j < layer.units; j++) max = Math.max(max, f[row + j] ?? 0);
      let sum = 0;
      for (let j = 0; j < layer.units; j++) sum += Math.exp((f[row + j] ?? 0) - max);
      for (let j = 0; j < layer.units; j++) f[row + j] = Math.exp((f[row + j] ?? 0) - max) / sum;
      continue;
    }
    for (let j = 0; j < layer.units; j++) {
      const z = f[row + j] ?? 0;
      if (layer.activation === 'tanh') f[row + j] = Math.tanh(z);
      else if (layer.activation === 'sigmoid') f[row + j] = 1 / (1 + Math.exp(-z));
      else if (layer.activation === 'elu') f[row + j] = z < 0 ? Math.exp(z) - 1 : z;
    }
  }
}

/**
 * Model outputs for rows of features through the training kernels (kernels.ts) when the
 * model is a plain dense stack: model.predict on wasm spent 0.1-0.2 s on synth_60k's 12,000
 * test rows, mostly in dispatch, against a few milliseconds here. Undefined when the model is
 * anything else. Same mathematics as model.predict, up to float summation order.
 */
export function simdPredict(
  model: tfTypes.LayersModel,
  x: Float32Array,
  rows: number,
  inputs: number,
): Float32Array | undefined {
  const api = wasmApi();
  const stack = denseStack(model);
  if (!api || !stack || stack[0]?.inputs !== inputs) return undefined;
  const widths = stack.map((layer) => pad4(layer.units));
  // Layout (floats): padded weights and biases, then the input chunk and two activation buffers.
  let next = 16;
  const params = stack.map((layer, i) => {
    const inWidth = i === 0 ? inputs : (widths[i - 1] ?? 4);
    const w = next;
    next += inWidth * (widths[i] ?? 4);
    const b = next;
    next += widths[i] ?? 4;
    return { w, b, inWidth };
  });
  const widest = Math.max(...widths);
  const xAt = next;
  next += pad4(CHUNK * inputs);
  const buffers = [next, next + CHUNK * widest];
  next += 2 * CHUNK * widest;
  const pages = Math.ceil((next * 4) / 65536);
  const memory = new api.Memory({ initial: pages, maximum: pages, shared: true });
  const { gemm } = new api.Instance(kernelModule(api), { env: { memory } }).exports;
  if (typeof gemm !== 'function') return undefined;
  const f = new Float32Array(memory.buffer);
  stack.forEach((layer, i) => {
    const { w, b } = params[i] ?? { w: 0, b: 0 };
    const width = widths[i] ?? 4;
    for (let r = 0; r < layer.inputs; r++)
      f.set(layer.kernel.subarray(r * layer.units, (r + 1) * layer.units), w + r * width);
    if (layer.bias) f.set(layer.bias, b);
  });
  const outputs = stack.at(-1)?.units ?? 1;
  const result = new Float32Array(rows * outputs);
  for (let start = 0; start < rows; start += CHUNK) {
    const size = Math.min(CHUNK, rows - start);
    f.set(x.subarray(start * inputs, (start + size) * inputs), xAt);
    let input = xAt;
    let inRow = inputs;
    stack.forEach((layer, i) => {
      const { w, b, inWidth } = params[i] ?? { w: 0, b: 0, inWidth: 0 };
      const out = buffers[i % 2] ?? 0;
      const width = widths[i] ?? 4;
      const relu = layer.activation === 'relu';
      gemm(
        input * 4,
        inRow * 4,
        4,
        w * 4,
        out * 4,
        size,
        inWidth,
        width,
        b * 4,
        ADD_BIAS | (relu ? RELU : 0),
      );
      if (!relu && layer.activation !== 'linear') activate(f, out, size, width, layer);
      input = out;
      inRow = width;
    });
    const width = widths.at(-1) ?? 4;
    for (let r = 0; r < size; r++)
      result.set(f.subarray(input + r * width, input + r * width + outputs), (start + r) * outputs);
  }
  return result;
}
