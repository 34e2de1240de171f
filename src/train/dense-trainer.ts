import type * as tfTypes from '@tensorflow/tfjs';
import type { TF } from './backend.ts';
import type { DenseStep } from './model.ts';

/** Hidden activations whose derivative the trainer writes out (the others use autodiff). */
const ANALYTIC = new Set(['relu', 'elu', 'sigmoid', 'tanh']);
/** Activations tf.fused.matMul applies inside the matMul kernel. */
export type FusedActivation = 'linear' | 'relu' | 'elu' | 'sigmoid';

/** The activation as tf.fused.matMul names it, or undefined when it must run separately. */
export function fusedActivation(activation: string): FusedActivation | undefined {
  switch (activation) {
    case 'linear':
    case 'relu':
    case 'elu':
    case 'sigmoid':
      return activation;
    default:
      return undefined;
  }
}

/** True when `DenseTrainer` can train this stack. */
export function supportsAnalyticGradients(
  steps: readonly Pick<DenseStep, 'activation'>[],
): boolean {
  return steps.every((step, i) => i === steps.length - 1 || ANALYTIC.has(step.activation));
}

const BETA1 = 0.9;
const BETA2 = 0.999;
/** tf.train.adam's default epsilon (the backend's, 1e-7 for float32). */
const EPSILON = 1e-7;

/**
 * One Adam step of a dense stack with hand-written gradients, replacing tfjs autodiff and
 * `tf.train.adam` in the hot loop (issue 8). Same mathematics — softmax cross-entropy or
 * MSE, the same dropout masks as `tf.dropout` for a seed, L2 as `tf.regularizers.l2`, and
 * Adam with tfjs's defaults — with far fewer kernel launches (profiled with tf.profile on
 * wasm, batch 256, 20→64→64→3):
 *
 * - Autodiff + tf.train.adam ran 175 kernels per step, and its backward matMuls use
 *   `transposeA`/`transposeB`, which the wasm BatchMatMul serves from a slow path: 1.7 ms
 *   for 64x256x64 against 0.1 ms untransposed. Here every matMul is untransposed and the
 *   transposes are explicit (cheaper); bias gradients are a ones-vector matMul rather than
 *   a sum over axis 0 (another transpose inside the wasm kernel).
 * - The parameters and Adam's moments live in JS Float32Arrays: Adam is one loop over a
 *   few thousand floats instead of 13 kernels per weight tensor, and the weights go to the
 *   backend as fresh uploads. (A flat tf.Variable was tried first: Adam took 13 kernels,
 *   but slicing layers out of it costs a copy of the whole buffer per slice on wasm.)
 * - The loss and its gradient at the output (a few floats per row) are computed in JS from
 *   the logits, replacing a dozen tiny kernels whose dispatch cost more than their work.
 *
 * 175 kernels per step became 25; `writeBack` copies the parameters into the model's layer
 * variables (for evaluation, saving and early-stopping checkpoints).
 */
export class DenseTrainer {
  private readonly theta: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  /** 2 * l2 on kernel entries, 0 on biases: the gradient of l2 * sum(kernel²). */
  private readonly l2Scale: Float32Array | undefined;
  private readonly layout: { offset: number; inputs: number; units: number }[];
  private iteration = 0;

  constructor(
    private readonly tf: TF,
    private readonly steps: readonly DenseStep[],
    private readonly options: { learningRate: number; l2: number; classification: boolean },
  ) {
    let offset = 0;
    this.layout = steps.map((step) => {
      const [inputs = 0, units = 0] = step.kernel.shape;
      const entry = { offset, inputs, units };
      offset += inputs * units + units;
      return entry;
    });
    this.theta = new Float32Array(offset);
    this.layout.forEach(({ offset: at, inputs, units }, i) => {
      const step = steps[i];
      if (!step) return;
      this.theta.set(step.kernel.dataSync(), at);
      this.theta.set(step.bias.dataSync(), at + inputs * units);
    });
    this.m = new Float32Array(offset);
    this.v = new Float32Array(offset);
    if (options.l2 > 0) {
      const scale = new Float32Array(offset);
      for (const { offset: at, inputs, units } of this.layout)
        scale.fill(2 * options.l2, at, at + inputs * units);
      this.l2Scale = scale;
    }
  }

  /**
   * Fresh tensors of the current parameters (copies: the cpu backend keeps the array it is
   * given), and each kernel transposed for the backward pass, transposed here in JS because
   * that is cheaper than a Transpose kernel for a few thousand floats.
   */
  private parameters(): {
    kernel: tfTypes.Tensor;
    kernelT: tfTypes.Tensor;
    bias: tfTypes.Tensor;
  }[] {
    const tf = this.tf;
    const theta = this.theta;
    return this.layout.map(({ offset, inputs, units }) => {
      const transposed = new Float32Array(inputs * units);
      for (let r = 0; r < inputs; r++) {
        for (let c = 0; c < units; c++)
          transposed[c * inputs + r] = theta[offset + r * units + c] ?? 0;
      }
      return {
        kernel: tf.tensor2d(theta.slice(offset, offset + inputs * units), [inputs, units]),
        kernelT: tf.tensor2d(transposed, [units, inputs]),
        bias: tf.tensor1d(theta.slice(offset + inputs * units, offset + inputs * units + units)),
      };
    });
  }

  /**
   * One training step on a batch: `x` rows x features, `xT` the same transposed, `y` the
   * targets row-major (one-hot classes, or the regression target). Returns the summed loss
   * of the batch. Call inside tf.tidy.
   */
  step(x: tfTypes.Tensor, xT: tfTypes.Tensor, y: Float32Array, dropoutSeed: number): number {
    const tf = this.tf;
    const n = x.shape[0] ?? 0;
    const params = this.parameters();
    const last = params.length - 1;

    // Forward: keep each layer's input and activation output for the backward pass.
    const inputs: tfTypes.Tensor[] = [x];
    const outputs: tfTypes.Tensor[] = [];
    const masks: (tfTypes.Tensor | undefined)[] = [];
    let h: tfTypes.Tensor = x;
    params.forEach(({ kernel, bias }, i) => {
      const activation = i === last ? 'linear' : (this.steps[i]?.activation ?? 'linear');
      const fused = fusedActivation(activation) ?? 'linear';
      let out: tfTypes.Tensor = tf.fused.matMul({ a: h, b: kernel, bias, activation: fused });
      if (activation === 'tanh') out = tf.tanh(out);
      outputs.push(out);
      const rate = i === last ? 0 : (this.steps[i]?.dropout ?? 0);
      if (rate > 0) {
        // Exactly tf.dropout's multiplier for this seed (see fit.ts's forwardDense).
        const keep = 1 - rate;
        const mask = tf.div(
          tf.floor(tf.add(tf.randomUniform(out.shape, 0, 1, 'float32', dropoutSeed + i), keep)),
          keep,
        );
        masks.push(mask);
        out = tf.mul(out, mask);
      } else {
        masks.push(undefined);
      }
      if (i < last) inputs.push(out);
      h = out;
    });

    // Loss and its gradient with respect to the output layer's pre-activation, in JS: the
    // output is a few floats per row, and the dozen small kernels this replaces cost more
    // in dispatch than in arithmetic.
    const width = h.shape[1] ?? 1;
    const {
      loss,
      dz: dzValues,
      biasGradient,
    } = this.options.classification
      ? softmaxCrossEntropy(h.dataSync(), y, n, width)
      : squaredError(h.dataSync(), y, n, width);
    let dz: tfTypes.Tensor = tf.tensor2d(dzValues, [n, width]);

    // Backward, from the last layer to the first.
    const ones = tf.tensor2d(new Float32Array(n).fill(1), [1, n]);
    const grads: tfTypes.Tensor[] = new Array<tfTypes.Tensor>(2 * params.length);
    for (let i = last; i >= 0; i--) {
      const input = inputs[i] ?? x;
      const inputT = i === 0 ? xT : tf.transpose(input);
      grads[2 * i] = tf.matMul(inputT, dz);
      if (i < last) grads[2 * i + 1] = tf.matMul(ones, dz);
      if (i === 0) break;
      let dh: tfTypes.Tensor = tf.matMul(dz, params[i]?.kernelT ?? dz);
      const mask = masks[i - 1];
      if (mask) dh = tf.mul(dh, mask);
      dz = this.activationGrad(this.steps[i - 1]?.activation ?? 'linear', outputs[i - 1] ?? dh, dh);
    }

    // One synchronous read of each gradient; the backends here compute eagerly, so this
    // waits for nothing but the copy.
    const gradient = new Float32Array(this.theta.length);
    this.layout.forEach(({ offset, inputs, units }, i) => {
      gradient.set(grads[2 * i]?.dataSync() ?? [], offset);
      const bias = i === last ? biasGradient : (grads[2 * i + 1]?.dataSync() ?? []);
      gradient.set(bias, offset + inputs * units);
    });
    const penalty = this.l2Scale ? n * this.penalty() : 0;
    this.adam(gradient);
    return loss + penalty;
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

  /** dL/dz from dL/dh, given the activation's output h (tfjs's own gradient formulas). */
  private activationGrad(
    activation: string,
    h: tfTypes.Tensor,
    dh: tfTypes.Tensor,
  ): tfTypes.Tensor {
    const tf = this.tf;
    switch (activation) {
      case 'relu':
        return tf.mul(dh, tf.step(h));
      case 'elu':
        return tf.mul(dh, tf.add(tf.minimum(h, 0), 1));
      case 'sigmoid':
        return tf.mul(dh, tf.mul(h, tf.sub(1, h)));
      case 'tanh':
        return tf.mul(dh, tf.sub(1, tf.square(h)));
      default:
        return dh;
    }
  }

  /** tf.train.adam's update (AdamOptimizer.applyGradients), element by element. */
  private adam(gradient: Float32Array): void {
    this.iteration++;
    const stepSize = this.options.learningRate / (1 - BETA1 ** this.iteration);
    const secondScale = 1 / (1 - BETA2 ** this.iteration);
    const { theta, m, v, l2Scale } = this;
    for (let i = 0; i < theta.length; i++) {
      const w = theta[i] ?? 0;
      const g = l2Scale ? (gradient[i] ?? 0) + (l2Scale[i] ?? 0) * w : (gradient[i] ?? 0);
      const mi = BETA1 * (m[i] ?? 0) + (1 - BETA1) * g;
      const vi = BETA2 * (v[i] ?? 0) + (1 - BETA2) * g * g;
      m[i] = mi;
      v[i] = vi;
      theta[i] = w - (stepSize * mi) / (Math.sqrt(vi * secondScale) + EPSILON);
    }
  }

  /** Copies the trained parameters into the model's kernel and bias variables. */
  writeBack(): void {
    this.tf.tidy(() => {
      this.parameters().forEach(({ kernel, bias }, i) => {
        this.steps[i]?.kernel.assign(kernel);
        this.steps[i]?.bias.assign(bias);
      });
    });
  }
}

/** Loss sum, dL/dz (mean reduction) and its column sums (the output bias gradient). */
interface OutputGradient {
  loss: number;
  dz: Float32Array;
  biasGradient: Float32Array;
}

/**
 * tf.losses.softmaxCrossEntropy on logits (mean over rows) and its gradient
 * (softmax(z) - y) / n, with the log-sum-exp shifted by the row maximum like tf.logSoftmax.
 */
function softmaxCrossEntropy(
  logits: ArrayLike<number>,
  y: Float32Array,
  n: number,
  width: number,
): OutputGradient {
  const dz = new Float32Array(n * width);
  const biasGradient = new Float32Array(width);
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const row = r * width;
    let max = -Infinity;
    for (let k = 0; k < width; k++) max = Math.max(max, logits[row + k] ?? 0);
    let sum = 0;
    for (let k = 0; k < width; k++) sum += Math.exp((logits[row + k] ?? 0) - max);
    const logSum = Math.log(sum);
    for (let k = 0; k < width; k++) {
      const logp = (logits[row + k] ?? 0) - max - logSum;
      const target = y[row + k] ?? 0;
      loss -= target * logp;
      const g = (Math.exp(logp) - target) / n;
      dz[row + k] = g;
      biasGradient[k] = (biasGradient[k] ?? 0) + g;
    }
  }
  return { loss, dz, biasGradient };
}

/** tf.losses.meanSquaredError (mean over every element) and its gradient 2(z - y) / (n·width). */
function squaredError(
  outputs: ArrayLike<number>,
  y: Float32Array,
  n: number,
  width: number,
): OutputGradient {
  const dz = new Float32Array(n * width);
  const biasGradient = new Float32Array(width);
  let loss = 0;
  for (let i = 0; i < n * width; i++) {
    const diff = (outputs[i] ?? 0) - (y[i] ?? 0);
    loss += (diff * diff) / width;
    const g = (2 * diff) / (n * width);
    dz[i] = g;
    biasGradient[i % width] = (biasGradient[i % width] ?? 0) + g;
  }
  return { loss, dz, biasGradient };
}
