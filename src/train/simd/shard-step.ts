import type { Kernels } from './kernels.ts';
import type { Plan } from './layout.ts';

/**
 * Forward and backward pass of shard `shard` of the `total`-row batch in memory (shards are
 * consecutive runs of ceil(total / shards) rows; the last may be shorter or empty): writes
 * this shard's parameter gradient (of the loss averaged over all rows of the batch)
 * to its `grad` buffer and its summed loss to its loss slot. The shards' gradients add up to
 * the whole batch's, so one Adam step on their sum is one Adam step on the batch.
 *
 * Same mathematics as tfjs autodiff (tfjs's own gradient formulas). Self-contained on
 * purpose: worker threads run it from its source text (shard-pool.ts), so it references
 * nothing outside its parameters but `outputLoss` — no imports, flag values inline.
 */
export function shardStep(
  k: Kernels,
  f: Float32Array,
  f64: Float64Array,
  plan: Plan,
  shard: number,
  total: number,
): void {
  const size = Math.ceil(total / plan.shards.length);
  const start = Math.min(total, shard * size);
  const rows = Math.min(total, start + size) - start;
  const sh = plan.shards[shard];
  const layers = plan.layers;
  const last = layers.length - 1;
  if (!sh) return;
  const x = plan.x + start * plan.features * 4;

  // Forward: h = act(in·W + b) per layer, relu fused into the gemm (flags: 1 bias, 2 relu).
  let input = x;
  let inRow = plan.features * 4;
  for (let l = 0; l <= last; l++) {
    const layer = layers[l];
    const out = sh.h[l] ?? 0;
    if (!layer) break;
    const relu = l < last && layer.activation === 'relu';
    k.gemm(input, inRow, 4, layer.w, out, rows, layer.inWidth, layer.width, layer.b, relu ? 3 : 1);
    const o = out >> 2;
    const width = layer.width;
    if (l < last && !relu) {
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < width; j++) {
          const z = f[o + r * width + j] ?? 0;
          let a = 0;
          // Padding columns stay 0 (sigmoid(0) is not).
          if (j >= layer.units) a = 0;
          else if (layer.activation === 'tanh') a = Math.tanh(z);
          else if (layer.activation === 'sigmoid') a = 1 / (1 + Math.exp(-z));
          else if (layer.activation === 'elu') a = z < 0 ? Math.exp(z) - 1 : z;
          else a = z;
          f[o + r * width + j] = a;
        }
      }
    }
    if (layer.mask) {
      // The unmasked activation is kept for the derivative; the next layer sees the masked one.
      const act = (sh.act[l] ?? 0) >> 2;
      const mask = (layer.mask >> 2) + start * width;
      for (let i = 0; i < rows * width; i++) {
        const a = f[o + i] ?? 0;
        f[act + i] = a;
        f[o + i] = a * (f[mask + i] ?? 0);
      }
    }
    input = out;
    inRow = width * 4;
  }

  // Loss and dL/dz at the output, from the logits (tf.losses.softmaxCrossEntropy, mean over
  // the batch, log-sum-exp shifted by the row maximum like tf.logSoftmax; its exp and dz in
  // the softmax kernel) or the outputs (tf.losses.meanSquaredError).
  const out = layers[last];
  if (!out) return;
  const width = out.width;
  const outputs = plan.outputs;
  const z = sh.h[last] ?? 0;
  const y = plan.y + start * width * 4;
  if (plan.classification) k.softmaxLoss(z, y, sh.d0, sh.stats, rows, width, outputs, total);
  const loss = outputLoss(
    f,
    plan.classification,
    z >> 2,
    y >> 2,
    sh.d0 >> 2,
    sh.stats >> 2,
    rows,
    width,
    outputs,
    total,
  );
  f64[(plan.loss >> 3) + shard] = loss;

  // Backward: dW = inᵀ·dz (A read transposed through its strides), db = onesᵀ·dz,
  // dh = dz·Wᵀ, then through the previous layer's dropout mask and activation.
  let d = sh.d0;
  let other = sh.d1;
  for (let l = last; l >= 0; l--) {
    const layer = layers[l];
    if (!layer) break;
    const inAddr = l === 0 ? x : (sh.h[l - 1] ?? 0);
    const inWidth = layer.inWidth;
    const grad = sh.grad - plan.theta;
    k.gemm(inAddr, 4, inWidth * 4, d, grad + layer.w, inWidth, rows, layer.width, 0, 0);
    k.gemm(plan.one, 0, 0, d, grad + layer.b, 1, rows, layer.width, 0, 0);
    if (l === 0) break;
    k.gemm(d, layer.width * 4, 4, layer.wT, other, rows, layer.width, inWidth, 0, 0);
    const prev = layers[l - 1];
    if (!prev) break;
    const dh = other >> 2;
    const count = rows * prev.width;
    if (prev.mask) {
      const mask = (prev.mask >> 2) + start * prev.width;
      for (let i = 0; i < count; i++) f[dh + i] = (f[dh + i] ?? 0) * (f[mask + i] ?? 0);
    }
    const act = prev.mask ? (sh.act[l - 1] ?? 0) : (sh.h[l - 1] ?? 0);
    if (prev.activation === 'relu') {
      k.reluGrad(other, act, count);
    } else {
      const a = act >> 2;
      for (let i = 0; i < count; i++) {
        const h = f[a + i] ?? 0;
        let g = 1;
        if (prev.activation === 'tanh') g = 1 - h * h;
        else if (prev.activation === 'sigmoid') g = h * (1 - h);
        else if (prev.activation === 'elu') g = Math.min(h, 0) + 1;
        f[dh + i] = (f[dh + i] ?? 0) * g;
      }
    }
    const swap = d;
    d = other;
    other = swap;
  }
}

/**
 * The output layer's loss summed over `rows` rows of width `width` (`outputs` of them real)
 * at float index `z`, targets at `y`. Classification: the softmax kernel has written dL/dz
 * and, per row at `stats` (4 floats), the sum of exp(z − max), Σ y·(z − max) and Σ y; the
 * row's cross-entropy is Σy · ln(sum) − Σ y·(z − max). Regression: mean squared error, with
 * dL/dz written at `dz` (averaged over `total` rows). Its own small function because it is
 * shardStep's one JavaScript loop: V8 optimises a small function after a few calls, where
 * the whole step waited for compilation and ran its first steps slower meanwhile.
 * Self-contained like shardStep, whose worker threads get its source text too.
 */
export function outputLoss(
  f: Float32Array,
  classification: boolean,
  z: number,
  y: number,
  dz: number,
  stats: number,
  rows: number,
  width: number,
  outputs: number,
  total: number,
): number {
  let loss = 0;
  if (classification) {
    for (let r = 0; r < rows; r++) {
      const at = stats + 4 * r;
      loss += (f[at + 2] ?? 0) * Math.log(f[at] ?? 0) - (f[at + 1] ?? 0);
    }
    return loss;
  }
  for (let r = 0; r < rows; r++) {
    const row = r * width;
    for (let c = 0; c < outputs; c++) {
      const diff = (f[z + row + c] ?? 0) - (f[y + row + c] ?? 0);
      loss += (diff * diff) / outputs;
      f[dz + row + c] = (2 * diff) / (total * outputs);
    }
    for (let c = outputs; c < width; c++) f[dz + row + c] = 0;
  }
  return loss;
}
