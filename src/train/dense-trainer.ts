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
 * Adam with tfjs's defaults — with a fraction of the kernel launches:
 *
 * - Profiled on the wasm backend (tf.profile, batch 256, 20→64→64→3), autodiff + Adam ran
 *   175 kernels per step, and its backward matMuls use `transposeA`/`transposeB`, which the
 *   wasm BatchMatMul serves from a slow non-XNNPACK path: 1.7 ms for 64x256x64 against 0.1 ms
 *   untransposed. Here every matMul is untransposed; the transposes are explicit
 *   (cheaper).
 * - All parameters live in one flat variable, so Adam is a dozen element-wise kernels per
 *   step instead of a dozen per weight tensor; bias gradients are a ones-vector matMul
 *   rather than a sum over axis 0 (another transpose inside the wasm kernel).
 *
 * `writeBack` copies the parameters into the model's layer variables (for evaluation,
 * saving and early-stopping checkpoints).
 */
export class DenseTrainer {
  private readonly theta: tfTypes.Variable;
  private readonly m: tfTypes.Variable;
  private readonly v: tfTypes.Variable;
  /** 2 * l2 on kernel entries, 0 on biases: the gradient of l2 * sum(kernel²). */
  private readonly l2Scale: tfTypes.Tensor | undefined;
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
    this.theta = tf.variable(
      tf.tidy(() => tf.concat(steps.flatMap((s) => [tf.reshape(s.kernel, [-1]), s.bias]))),
      true,
      undefined,
      'float32',
    );
    this.m = tf.variable(tf.zeros([offset]), false);
    this.v = tf.variable(tf.zeros([offset]), false);
    this.l2Scale =
      options.l2 > 0
        ? tf.tidy(() =>
            tf.concat(
              this.layout.flatMap(({ inputs, units }) => [
                tf.fill([inputs * units], 2 * options.l2),
                tf.zeros([units]),
              ]),
            ),
          )
        : undefined;
  }

  private parameters(): { kernel: tfTypes.Tensor; bias: tfTypes.Tensor }[] {
    const tf = this.tf;
    return this.layout.map(({ offset, inputs, units }) => ({
      kernel: tf.reshape(tf.slice(this.theta, [offset], [inputs * units]), [inputs, units]),
      bias: tf.slice(this.theta, [offset + inputs * units], [units]),
    }));
  }

  /**
   * One training step on a batch; `xT` is the batch transposed (features x rows). Returns
   * the summed loss of the batch (call inside tf.tidy).
   */
  step(
    x: tfTypes.Tensor,
    xT: tfTypes.Tensor,
    y: tfTypes.Tensor,
    dropoutSeed: number,
  ): tfTypes.Tensor {
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

    // Loss and its gradient with respect to the output layer's pre-activation.
    let loss: tfTypes.Tensor;
    let dz: tfTypes.Tensor;
    if (this.options.classification) {
      const logp = tf.logSoftmax(h);
      loss = tf.neg(tf.sum(tf.mul(y, logp)));
      dz = tf.mul(tf.sub(tf.exp(logp), y), 1 / n);
    } else {
      const diff = tf.sub(h, y);
      const outputsPerRow = h.shape[1] ?? 1;
      loss = tf.div(tf.sum(tf.square(diff)), outputsPerRow);
      dz = tf.mul(diff, 2 / (n * outputsPerRow));
    }

    // Backward, from the last layer to the first.
    const ones = tf.ones([1, n]);
    const grads: tfTypes.Tensor[] = new Array<tfTypes.Tensor>(2 * params.length);
    for (let i = last; i >= 0; i--) {
      const input = inputs[i] ?? x;
      const inputT = i === 0 ? xT : tf.transpose(input);
      grads[2 * i] = tf.reshape(tf.matMul(inputT, dz), [-1]);
      grads[2 * i + 1] = tf.reshape(tf.matMul(ones, dz), [-1]);
      if (i === 0) break;
      let dh: tfTypes.Tensor = tf.matMul(dz, tf.transpose(params[i]?.kernel ?? dz));
      const mask = masks[i - 1];
      if (mask) dh = tf.mul(dh, mask);
      dz = this.activationGrad(this.steps[i - 1]?.activation ?? 'linear', outputs[i - 1] ?? dh, dh);
    }

    let gradient = tf.concat(grads);
    if (this.l2Scale) {
      gradient = tf.add(gradient, tf.mul(this.theta, this.l2Scale));
      loss = tf.add(loss, tf.mul(n * 0.5, tf.sum(tf.mul(tf.square(this.theta), this.l2Scale))));
    }
    this.adam(gradient);
    return loss;
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

  private adam(gradient: tfTypes.Tensor): void {
    const tf = this.tf;
    this.iteration++;
    const m = tf.add(tf.mul(this.m, BETA1), tf.mul(gradient, 1 - BETA1));
    const v = tf.add(tf.mul(this.v, BETA2), tf.mul(tf.square(gradient), 1 - BETA2));
    const stepSize = this.options.learningRate / (1 - BETA1 ** this.iteration);
    const secondScale = 1 / (1 - BETA2 ** this.iteration);
    const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(tf.mul(v, secondScale)), EPSILON));
    this.m.assign(m);
    this.v.assign(v);
    this.theta.assign(tf.sub(this.theta, update));
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

  dispose(): void {
    this.tf.dispose([this.theta, this.m, this.v, ...(this.l2Scale ? [this.l2Scale] : [])]);
  }
}
