import type { TF } from '../backend.ts';
import type { BatchBuilder } from '../batches.ts';
import type { DenseStep } from '../model.ts';
import { ADAM_SCALARS } from './adam-kernel.ts';
import { kernelModule, type Kernels } from './kernels.ts';
import { SHARDS, planMemory, type Plan } from './layout.ts';
import { ShardPool } from './shard-pool.ts';
import { shardStep } from './shard-step.ts';
import { wasmApi, type WasmMemory, type WasmModule } from './wasm-runtime.ts';

/**
 * Training data up to this size is copied into the shared memory once, and each batch is
 * gathered there by `gather` (a memory.copy per row); larger sets are copied batch by batch
 * in JavaScript (1.7 ns per float: 8 % of digits' run), to keep memory at one extra batch.
 */
const RESIDENT_BYTES = 64 * 2 ** 20;

const BETA1 = 0.9;
const BETA2 = 0.999;
/** tf.train.adam's default epsilon (the backend's, 1e-7 for float32). */
const EPSILON = 1e-7;

/** Activations whose forward and backward shardStep writes out. */
const SUPPORTED = new Set(['relu', 'elu', 'sigmoid', 'tanh', 'linear']);

/** True when `SimdTrainer` can train this stack (else tfjs autodiff does). */
export function supportsSimd(steps: readonly Pick<DenseStep, 'activation'>[]): boolean {
  return (
    wasmApi() !== undefined &&
    steps.every((step, i) => i === steps.length - 1 || SUPPORTED.has(step.activation))
  );
}

function instantiate(plan: Plan): { memory: WasmMemory; module: WasmModule; kernels: Kernels } {
  const api = wasmApi();
  if (!api) throw new Error('This runtime has no WebAssembly; expected Node 20 or later.');
  const memory = new api.Memory({ initial: plan.pages, maximum: plan.pages, shared: true });
  const module = kernelModule(api);
  const exports = new api.Instance(module, { env: { memory } }).exports;
  const names = [
    'gemm',
    'reluGrad',
    'addInto',
    'adam',
    'transpose',
    'gather',
    'softmaxLoss',
  ] as const;
  const missing = names.filter((name) => typeof exports[name] !== 'function');
  if (missing.length > 0)
    throw new Error(`The training kernels did not export ${missing.join(', ')}.`);
  // Our own module's exports, with the signatures kernels.ts gives them.
  return { memory, module, kernels: exports as unknown as Kernels };
}

/**
 * The dense stack's training step as WebAssembly SIMD kernels on a shared memory (issue 20).
 * The same mathematics as tfjs autodiff + tf.train.adam (softmax cross-entropy or MSE,
 * tf.dropout's masks for a seed, L2 as tf.regularizers.l2, Adam with tfjs's defaults), but:
 *
 * - No tfjs kernels in the loop. Issue 8 had already cut autodiff's 175 kernels per step to
 *   25 tfjs-wasm kernels (2.5x model.fit); profiled at batch 256, 20→64→64→3, those still
 *   spent most of each step on dispatch, uploads and transposes (a 64x256 Transpose 100 µs,
 *   a 20-wide fused matMul 160 µs), against about 300 µs for the whole step here: every
 *   product is one call to `gemm` (kernels.ts; 10-19 GMAC/s on one core), relu and bias
 *   fused in, Aᵀ·B read through strides instead of transposing.
 * - The batch's gradient is computed in fixed shards that the calling thread and worker
 *   threads claim in turn (shard-pool.ts) and summed in shard order, so the weights are the
 *   same bytes however many threads ran.
 * - The parameters and Adam's moments live in the shared memory; Adam, the softmax
 *   cross-entropy (softmax-kernel.ts), the kernels' transposes and the batch's rows
 *   (`gather`, from the training rows copied in once) are kernels too. What stays in
 *   JavaScript is per row or only where configured: the loss's Math.log per row, dropout
 *   masks, the L2 penalty, activations other than relu, mean squared error. `writeBack`
 *   copies the parameters into the model's variables once per epoch.
 */
export class SimdTrainer {
  /** Batch inputs (batch x features) and targets (batch x `targetWidth`), filled by `loadBatch` (or the caller). */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly targetWidth: number;
  private readonly plan: Plan;
  private readonly f: Float32Array;
  private readonly f64: Float64Array;
  private readonly kernels: Kernels;
  private readonly theta: Float32Array;
  private readonly l2Scale: Float32Array | undefined;
  private readonly pool: ShardPool;
  private iteration = 0;

  constructor(
    private readonly tf: TF,
    private readonly steps: readonly DenseStep[],
    options: {
      learningRate: number;
      l2: number;
      classification: boolean;
      batch: number;
      threads?: number;
      /** The run's training rows, which `loadBatch` copies batches from. */
      source?: BatchBuilder;
      /** Bytes of training rows that may be copied into the shared memory (RESIDENT_BYTES). */
      residentBytes?: number;
    },
  ) {
    this.learningRate = options.learningRate;
    const source = options.source;
    this.source = source;
    // As stored: target rows padded to the output layer's width, like the batch's.
    const storedWidth = Math.ceil((steps.at(-1)?.kernel.shape[1] ?? 1) / 4) * 4;
    const bytes = source ? source.rows * (source.inputs + storedWidth) * 4 : 0;
    const resident = source && bytes <= (options.residentBytes ?? RESIDENT_BYTES) ? source.rows : 0;
    this.plan = planMemory({
      features: steps[0]?.kernel.shape[0] ?? 0,
      layers: steps.map((step) => ({
        units: step.kernel.shape[1] ?? 0,
        activation: step.activation,
        dropout: step.dropout,
      })),
      batch: options.batch,
      classification: options.classification,
      dataRows: resident,
    });
    const { memory, module, kernels } = instantiate(this.plan);
    this.kernels = kernels;
    this.f = new Float32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    const plan = this.plan;
    this.theta = this.f.subarray(plan.theta >> 2, (plan.theta >> 2) + plan.thetaLength);
    this.f[plan.one >> 2] = 1;
    plan.layers.forEach((layer, i) => {
      const step = steps[i];
      if (!step) return;
      const kernel = step.kernel.dataSync();
      const inputs = step.kernel.shape[0] ?? 0;
      for (let r = 0; r < inputs; r++)
        this.f.set(
          kernel.subarray(r * layer.units, (r + 1) * layer.units),
          (layer.w >> 2) + r * layer.width,
        );
      this.f.set(step.bias.dataSync(), layer.b >> 2);
    });
    if (options.l2 > 0) {
      const scale = this.f.subarray(plan.l2 >> 2, (plan.l2 >> 2) + plan.thetaLength);
      for (const layer of plan.layers) {
        const at = (layer.w - plan.theta) >> 2;
        scale.fill(2 * options.l2, at, at + layer.inWidth * layer.width);
      }
      this.l2Scale = scale;
    }
    this.transpose();
    this.x = this.f.subarray(plan.x >> 2, (plan.x >> 2) + plan.batch * plan.features);
    this.targetWidth = plan.layers.at(-1)?.width ?? 4;
    this.y = this.f.subarray(plan.y >> 2, (plan.y >> 2) + plan.batch * this.targetWidth);
    this.index = new Int32Array(memory.buffer, plan.index, resident > 0 ? plan.batch : 0);
    if (source && resident > 0) {
      this.f.set(source.x.subarray(0, resident * plan.features), plan.dataX >> 2);
      const width = source.width;
      for (let r = 0; r < resident; r++)
        this.f.set(
          source.y.subarray(r * width, (r + 1) * width),
          (plan.dataY >> 2) + r * this.targetWidth,
        );
    }
    this.pool = new ShardPool(memory, module, plan, options.threads);
  }

  private readonly learningRate: number;
  private readonly source: BatchBuilder | undefined;
  /** Row numbers of the batch `gather` copies (when the rows live in the shared memory). */
  private readonly index: Int32Array;

  /**
   * Puts training rows `positions` (mapped through `rowOf`) of `source` into `x` and `y`:
   * gathered inside the shared memory when the rows live there, else copied in JavaScript.
   */
  loadBatch(positions: Int32Array, rowOf: Int32Array): void {
    const { plan, source, kernels } = this;
    if (!source) throw new Error('This SimdTrainer was built without training rows (`source`).');
    if (positions.length > plan.batch)
      throw new Error(`A batch of ${positions.length} rows; this trainer holds ${plan.batch}.`);
    if (plan.dataRows === 0) {
      source.fill(positions, rowOf, this.x, this.y, this.targetWidth);
      return;
    }
    const n = positions.length;
    for (let r = 0; r < n; r++) this.index[r] = rowOf[positions[r] ?? 0] ?? 0;
    kernels.gather(plan.x, plan.dataX, plan.index, n, plan.features * 4);
    kernels.gather(plan.y, plan.dataY, plan.index, n, this.targetWidth * 4);
  }

  /**
   * One Adam step on the first `n` rows of `x`/`y`; returns the batch's summed loss (plus
   * n times the L2 penalty). `dropoutSeed` seeds tf.dropout's masks.
   */
  step(n: number, dropoutSeed: number): number {
    const { plan, f, kernels } = this;
    this.fillMasks(n, dropoutSeed);
    this.pool.run(n, (shard) => shardStep(kernels, f, this.f64, plan, shard, n));
    let loss = 0;
    const first = plan.shards[0]?.grad ?? 0;
    for (let s = 0; s < SHARDS; s++) {
      loss += this.f64[(plan.loss >> 3) + s] ?? 0;
      if (s > 0) kernels.addInto(first, plan.shards[s]?.grad ?? 0, plan.thetaLength);
    }
    const penalty = this.l2Scale ? n * this.penalty() : 0;
    this.adam(first);
    this.transpose();
    return loss + penalty;
  }

  /** tf.dropout's multipliers for this seed: floor(u + keep) / keep in float32, per layer. */
  private fillMasks(n: number, seed: number): void {
    const { tf, f } = this;
    this.plan.layers.forEach((layer, i) => {
      if (!layer.mask) return;
      // dataSync outside tf.tidy: tidy walks whatever its function returns looking for
      // tensors, key by key — 16,384 string keys for a 256 x 64 mask, 3.6 of digits' 4 s.
      const noise = tf.randomUniform([n, layer.units], 0, 1, 'float32', seed + i);
      const u = noise.dataSync();
      noise.dispose();
      const keep = Math.fround(1 - layer.dropout);
      const at = layer.mask >> 2;
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < layer.units; j++) {
          const kept = Math.floor(Math.fround((u[r * layer.units + j] ?? 0) + keep));
          f[at + r * layer.width + j] = Math.fround(kept / keep);
        }
      }
    });
  }

  /** Every kernel but the first, transposed, for dh = dz·Wᵀ as an untransposed product. */
  private transpose(): void {
    for (const layer of this.plan.layers)
      if (layer.wT) this.kernels.transpose(layer.w, layer.wT, layer.inWidth, layer.width);
  }

  /** l2 * sum(kernel²) over every kernel, at the current parameters. */
  private penalty(): number {
    let sum = 0;
    const scale = this.l2Scale;
    if (!scale) return 0;
    for (let i = 0; i < this.theta.length; i++) {
      const w = this.theta[i] ?? 0;
      sum += 0.5 * (scale[i] ?? 0) * w * w;
    }
    return sum;
  }

  /** One Adam step in the kernels (`adam` in kernels.ts), with this iteration's bias corrections. */
  private adam(gradient: number): void {
    const { plan, f } = this;
    this.iteration++;
    const scalars: Record<(typeof ADAM_SCALARS)[number], number> = {
      lr: this.learningRate,
      c1: 1 / (1 - BETA1 ** this.iteration),
      c2: 1 / (1 - BETA2 ** this.iteration),
      beta1: BETA1,
      oneMinusBeta1: 1 - BETA1,
      beta2: BETA2,
      oneMinusBeta2: 1 - BETA2,
      epsilon: EPSILON,
    };
    ADAM_SCALARS.forEach((name, i) => (f[(plan.adam >> 2) + i] = scalars[name]));
    const l2 = this.l2Scale ? plan.l2 : 0;
    this.kernels.adam(plan.theta, gradient, plan.m, plan.v, l2, plan.thetaLength, plan.adam);
  }

  /** Copies the trained parameters (without padding) into the model's kernel and bias variables. */
  writeBack(): void {
    const { tf, f } = this;
    tf.tidy(() => {
      this.plan.layers.forEach((layer, i) => {
        const step = this.steps[i];
        if (!step) return;
        const inputs = step.kernel.shape[0] ?? 0;
        const kernel = new Float32Array(inputs * layer.units);
        for (let r = 0; r < inputs; r++)
          kernel.set(
            f.subarray(
              (layer.w >> 2) + r * layer.width,
              (layer.w >> 2) + r * layer.width + layer.units,
            ),
            r * layer.units,
          );
        step.kernel.assign(tf.tensor2d(kernel, [inputs, layer.units]));
        step.bias.assign(tf.tensor1d(f.slice(layer.b >> 2, (layer.b >> 2) + layer.units)));
      });
    });
  }

  /** Shards of the gradient that worker threads computed so far. */
  get workerShards(): number {
    return this.pool.workerShards;
  }

  /** Stops the worker threads. */
  dispose(): void {
    this.pool.dispose();
  }
}
