import type * as tfTypes from '@tensorflow/tfjs';
import { createRandom, identityOrder, shuffleInPlace } from '../data/random.ts';
import type { TF } from './backend.ts';
import { BatchBuilder, targetRows } from './batches.ts';
import { fusedActivation } from './fused-activation.ts';
import type { BuiltModel, DenseStep } from './model.ts';
import { SimdTrainer, supportsSimd } from './simd/simd-trainer.ts';
import type { TrainingData } from './training-data.ts';

export type { TrainingData } from './training-data.ts';
export { predict } from './predict.ts';

/** Training settings of `fit` (the `train:` section, resolved). */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Share of the training rows held out to watch the validation loss (0: none). */
  validationSplit: number;
  /** Epochs without validation improvement before stopping (with a validation split). */
  patience?: number;
  onEpoch?: (log: EpochLog) => void;
  /**
   * `analytic` (default where supported): built-in dense stacks train with hand-written
   * gradients (SimdTrainer); `autodiff`: tfjs gradients and tf.train.adam, as a reference.
   */
  gradients?: 'analytic' | 'autodiff';
  /**
   * Worker threads beside the calling one for the SIMD trainer; by default none for a run of
   * under SMALL_WORK multiply-adds, else one per further core.
   */
  threads?: number;
}

/** One finished epoch, as progress reporting sees it. */
export interface EpochLog {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss?: number;
  /** Seconds since training started. */
  elapsed: number;
}

/** What a training run did: epochs, early stopping, losses, samples seen. */
export interface FitResult {
  epochs: number;
  stoppedEarly: boolean;
  /**
   * Epoch whose weights the model holds: with a validation split, the epoch of the lowest
   * validation loss (restored at the end, even when training ran all its epochs); else the last.
   */
  bestEpoch: number;
  loss: number[];
  valLoss: number[];
  /** Training samples processed (rows x epochs), for samples/s. */
  samples: number;
  /** Gradient shards computed by worker threads (0 on one thread, or with autodiff). */
  workerShards: number;
}

/**
 * Multiply-adds of a whole run (forward and backward, about three per weight and sample)
 * below which the SIMD trainer stays on one thread: about 200 ms of one core's work. A
 * worker thread boots and gets its step optimised in some 40-70 ms, taking nothing
 * meanwhile, and on a 2-vCPU virtual machine the second vCPU is often far from a second
 * core; measured on one: digits' 50 epochs (1.9e9) ran in 0.107 s median on one thread and
 * 0.111 s with a worker, synth_60k's 10 epochs (8e9) 0.55 s on one and 0.34-0.50 s with one.
 */
const SMALL_WORK = 4e9;

/** The multiply-adds of training `samples` samples through a dense stack. */
function trainingWork(steps: readonly DenseStep[], samples: number): number {
  const weights = steps.reduce(
    (sum, step) => sum + (step.kernel.shape[0] ?? 0) * (step.kernel.shape[1] ?? 0),
    0,
  );
  return 3 * weights * samples;
}

/** Patience when a validation split is set but `patience` is not. */
export const DEFAULT_PATIENCE = 5;

/**
 * Runs a built-in dense stack with fused matMul+bias+activation kernels. Dropout is seeded
 * per batch and layer, because a Dropout layer either repeats one mask (fixed seed) or
 * draws from Math.random (no seed); both break either learning or determinism.
 */
function forwardDense(
  tf: TF,
  steps: DenseStep[],
  activations: Map<string, tfTypes.layers.Layer>,
  x: tfTypes.Tensor,
  dropoutSeed: number | undefined,
): tfTypes.Tensor {
  let h = x;
  steps.forEach((step, i) => {
    const fused = fusedActivation(step.activation);
    h = tf.fused.matMul({ a: h, b: step.kernel, bias: step.bias, activation: fused ?? 'linear' });
    const layer = activations.get(step.activation);
    if (!fused && layer) {
      const out = layer.apply(h);
      if (out instanceof tf.Tensor) h = out;
    }
    if (dropoutSeed !== undefined && step.dropout > 0) {
      h = tf.dropout(h, step.dropout, undefined, dropoutSeed + i);
    }
  });
  return h;
}

/**
 * Trains `built` in a hand-written loop rather than `model.fit`: the epoch shuffle and the
 * dropout masks come from the run's seed (model.fit shuffles with Math.random), batches are
 * assembled in JS, built-in dense stacks train in WebAssembly SIMD kernels on every core
 * (SimdTrainer; issue 20), and the loss is read back once per epoch instead of after every
 * batch. Same seed, data and backend give the same weights, whatever the number of cores.
 */
export function fit(tf: TF, built: BuiltModel, data: TrainingData, options: FitOptions): FitResult {
  const random = createRandom(options.seed ^ 0x5bd1e995);
  const order = shuffleInPlace(identityOrder(data.rows), random);
  const nVal =
    options.validationSplit > 0
      ? Math.min(data.rows - 1, Math.max(1, Math.round(data.rows * options.validationSplit)))
      : 0;
  const valRows = order.slice(0, nVal).sort();
  const trainRows = order.slice(nVal).sort();
  const patience = nVal > 0 ? (options.patience ?? DEFAULT_PATIENCE) : undefined;
  const classification = data.classes > 0;

  const activations = new Map<string, tfTypes.layers.Layer>();
  for (const step of built.dense ?? []) {
    if (!fusedActivation(step.activation) && !activations.has(step.activation)) {
      activations.set(step.activation, tf.layers.activation({ activation: step.activation }));
    }
  }
  const variables = built.model.trainableWeights.map((weight) => weight.read());
  const trainable = variables.filter((v): v is tfTypes.Variable => v instanceof tf.Variable);

  const targets = targetRows(data);
  const batches = new BatchBuilder(data.x, data.inputs, targets.values, targets.width);
  const validation = nVal > 0 ? batches.build(valRows) : undefined;
  const xVal = validation ? tf.tensor2d(validation.x, [nVal, data.inputs]) : undefined;
  const yVal = validation ? tf.tensor2d(validation.y, [nVal, targets.width]) : undefined;

  const loss = (
    x: tfTypes.Tensor2D,
    y: tfTypes.Tensor,
    dropoutSeed: number | undefined,
  ): tfTypes.Scalar => {
    if (built.dense) {
      const out = forwardDense(tf, built.dense, activations, x, dropoutSeed);
      let value = classification
        ? tf.losses.softmaxCrossEntropy(y, out)
        : tf.losses.meanSquaredError(y, out);
      if (built.l2 > 0) {
        for (const step of built.dense)
          value = tf.add(value, tf.mul(built.l2, tf.sum(tf.square(step.kernel))));
      }
      return value.asScalar();
    }
    const out = built.model.apply(x, { training: dropoutSeed !== undefined });
    if (!(out instanceof tf.Tensor)) throw new Error('The model returned more than one output.');
    const value = classification
      ? tf.mean(tf.metrics.categoricalCrossentropy(y, out))
      : tf.losses.meanSquaredError(y, out);
    // The module's own penalties (kernelRegularizer etc.), which tfjs's model.fit adds too:
    // without them a regularised user model trains unregularised.
    const penalties = built.model.calculateLosses();
    return (penalties.length > 0 ? tf.addN([value, ...penalties]) : value).asScalar();
  };

  const optimizer = tf.train.adam(options.learningRate);
  const n = trainRows.length;
  const batch = Math.min(options.batchSize, n);
  const simd =
    options.gradients !== 'autodiff' && built.dense && supportsSimd(built.dense)
      ? new SimdTrainer(tf, built.dense, {
          learningRate: options.learningRate,
          l2: built.l2,
          classification,
          batch,
          source: batches,
          threads:
            options.threads ??
            (trainingWork(built.dense, n * options.epochs) < SMALL_WORK ? 0 : undefined),
        })
      : undefined;
  const result: FitResult = {
    epochs: 0,
    stoppedEarly: false,
    bestEpoch: 0,
    loss: [],
    valLoss: [],
    samples: 0,
    workerShards: 0,
  };
  const started = performance.now();
  let best = Infinity;
  let bestWeights: tfTypes.Tensor[] | undefined;
  let waited = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const permutation = shuffleInPlace(identityOrder(n), random);
      // The epoch's summed loss: a JS number from the SIMD trainer, a tensor (read once per
      // epoch) from autodiff; the SIMD path keeps no tensor across batches.
      let total = 0;
      let totalTensor: tfTypes.Tensor | undefined;
      for (let start = 0; start < n; start += batch) {
        const size = Math.min(batch, n - start);
        const seed = Math.floor(random() * 0x7fffffff);
        // Batches are assembled in JS and uploaded: the wasm backend's Slice kernel copies
        // its whole input out of the wasm heap first (9.5 ms per batch of 256 off 48,000
        // rows, tf.profile) and its GatherV2 took 170 µs of CPU per batch, against 14 µs
        // to copy the rows here — which also gives the transposed batch for free.
        const positions = permutation.subarray(start, start + size);
        if (simd) {
          simd.loadBatch(positions, trainRows);
          total += simd.step(size, seed);
          continue;
        }
        const batchArrays = batches.build(positions, trainRows);
        const previous = totalTensor;
        totalTensor = tf.tidy(() => {
          const xb = tf.tensor2d(batchArrays.x, [size, data.inputs]);
          const yb = tf.tensor2d(batchArrays.y, [size, targets.width]);
          const cost = optimizer.minimize(() => loss(xb, yb, seed), true, trainable);
          const weighted = tf.mul(cost ?? tf.scalar(NaN), size);
          return previous ? tf.add(previous, weighted) : weighted;
        });
        previous?.dispose();
      }
      // The model's variables need the weights for the validation loss and the best-epoch
      // snapshot; without a validation split, once at the end is enough.
      if (simd && (xVal || epoch === options.epochs)) simd.writeBack();
      if (totalTensor) {
        total += totalTensor.dataSync()[0] ?? NaN;
        totalTensor.dispose();
      }
      const epochLoss = total / n;
      result.loss.push(epochLoss);
      result.epochs = epoch;
      result.samples += n;
      let valLoss: number | undefined;
      if (xVal && yVal) {
        valLoss = tf.tidy(() => loss(xVal, yVal, undefined).dataSync()[0] ?? NaN);
        result.valLoss.push(valLoss);
      }
      options.onEpoch?.({
        epoch,
        epochs: options.epochs,
        loss: epochLoss,
        valLoss,
        elapsed: (performance.now() - started) / 1000,
      });
      if (valLoss === undefined || patience === undefined) {
        result.bestEpoch = epoch;
        continue;
      }
      if (valLoss < best) {
        best = valLoss;
        waited = 0;
        result.bestEpoch = epoch;
        tf.dispose(bestWeights ?? []);
        bestWeights = trainable.map((v) => tf.clone(v));
      } else if (++waited >= patience) {
        result.stoppedEarly = true;
        break;
      }
    }
    // Keep the weights of the best validation epoch, not of the last one, whether patience
    // ran out or the epochs did (Keras 3's restore_best_weights=True). No best (every
    // validation loss NaN): the last weights stay, and bestEpoch says so.
    if (bestWeights && result.bestEpoch < result.epochs)
      trainable.forEach((v, i) => v.assign(bestWeights?.[i] ?? v));
    else if (!bestWeights) result.bestEpoch = result.epochs;
  } finally {
    tf.dispose([...(xVal ? [xVal] : []), ...(yVal ? [yVal] : []), ...(bestWeights ?? [])]);
    optimizer.dispose();
    if (simd) {
      result.workerShards = simd.workerShards;
      simd.dispose();
    }
  }
  return result;
}
