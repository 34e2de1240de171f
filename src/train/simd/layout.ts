/**
 * Where everything of a SIMD training run lives in its shared wasm memory. Plain numbers
 * only: the plan is posted to worker threads as it is. Widths are padded to multiples of 4
 * floats (one v128); padding columns hold zeros and get zero gradients, so they never move.
 */

/** One dense layer: byte addresses of its parameters, and its shapes. */
export interface LayerPlan {
  /** Input width as stored: the feature count for the first layer, else the previous width. */
  inWidth: number;
  /** Units of the layer, and the same padded to a multiple of 4. */
  units: number;
  width: number;
  /** Kernel (inWidth x width), bias (width), kernel transposed (width x inWidth; not for layer 0). */
  w: number;
  b: number;
  wT: number;
  activation: string;
  dropout: number;
  /** Dropout multipliers of the whole batch (batch x width), or 0 without dropout. */
  mask: number;
}

/**
 * One shard's scratch: activations per layer, the unmasked activations under dropout, two
 * gradient buffers, its parameter gradient, and 4 floats per row of softmax statistics.
 */
export interface ShardBuffers {
  h: number[];
  act: number[];
  d0: number;
  d1: number;
  grad: number;
  stats: number;
}

/** The memory plan of a run. */
export interface Plan {
  pages: number;
  layers: LayerPlan[];
  /** First byte and float count of the parameters (every layer's w, b in order). */
  theta: number;
  thetaLength: number;
  /** Address of a 1.0 (the bias gradient is onesᵀ·dz). */
  one: number;
  /** Adam's moments (thetaLength floats each), the L2 factors per parameter, Adam's scalars. */
  m: number;
  v: number;
  l2: number;
  adam: number;
  /** The batch: inputs (batch x features) and targets (batch x output width). */
  x: number;
  y: number;
  features: number;
  /** Real output width (classes, or 1); the padded one is the last layer's `width`. */
  outputs: number;
  classification: boolean;
  batch: number;
  shards: ShardBuffers[];
  /** Float64 slot per shard for its loss sum, and the Int32 words the threads synchronise on. */
  loss: number;
  control: number;
  /**
   * The run's training rows when they live in this memory (`dataRows` of them, else 0):
   * inputs (rows x features), targets (rows x output width), and a batch of row numbers.
   */
  dataRows: number;
  dataX: number;
  dataY: number;
  index: number;
}

/** Shards of a batch: a function of its size only, so the summation order never depends on the threads. */
export const SHARDS = 4;
/** Int32 control words (see shard-pool.ts). */
export const CONTROL_WORDS = 16;

const pad4 = (n: number) => Math.ceil(n / 4) * 4;

/** Lays out a dense stack (`units` per layer, the last one the output) for batches up to `batch` rows. */
export function planMemory(options: {
  features: number;
  layers: { units: number; activation: string; dropout: number }[];
  batch: number;
  classification: boolean;
  /** Training rows to hold in the memory (0: the caller copies each batch in). */
  dataRows?: number;
}): Plan {
  let next = 64;
  const take = (floats: number) => {
    const at = next;
    next += pad4(floats) * 4;
    return at;
  };
  const widths = options.layers.map((layer) => pad4(layer.units));
  const theta = next;
  const layers: LayerPlan[] = options.layers.map((layer, i) => {
    const width = widths[i] ?? 4;
    const inWidth = i === 0 ? options.features : (widths[i - 1] ?? 4);
    return { ...layer, width, inWidth, w: take(inWidth * width), b: take(width), wT: 0, mask: 0 };
  });
  const thetaLength = (next - theta) / 4;
  const one = take(4);
  const m = take(thetaLength);
  const v = take(thetaLength);
  const l2 = take(thetaLength);
  const adam = take(8);
  for (const layer of layers.slice(1)) layer.wT = take(layer.width * layer.inWidth);
  for (const layer of layers.slice(0, -1))
    if (layer.dropout > 0) layer.mask = take(options.batch * layer.width);
  const x = take(options.batch * options.features);
  const last = widths.at(-1) ?? 4;
  const y = take(options.batch * last);
  const rows = Math.ceil(options.batch / SHARDS);
  const widest = Math.max(...widths, 4);
  const shards = Array.from({ length: SHARDS }, (): ShardBuffers => ({
    h: widths.map((width) => take(rows * width)),
    act: layers.map((layer) => (layer.mask ? take(rows * layer.width) : 0)),
    d0: take(rows * widest),
    d1: take(rows * widest),
    grad: take(thetaLength),
    stats: take(rows * 4),
  }));
  const loss = take(2 * SHARDS);
  const control = take(CONTROL_WORDS);
  const dataRows = options.dataRows ?? 0;
  const dataX = dataRows > 0 ? take(dataRows * options.features) : 0;
  const dataY = dataRows > 0 ? take(dataRows * last) : 0;
  const index = dataRows > 0 ? take(options.batch) : 0;
  return {
    pages: Math.ceil(next / 65536),
    layers,
    theta,
    thetaLength,
    one,
    m,
    v,
    l2,
    adam,
    x,
    y,
    features: options.features,
    outputs: options.layers.at(-1)?.units ?? 1,
    classification: options.classification,
    batch: options.batch,
    shards,
    loss,
    control,
    dataRows,
    dataX,
    dataY,
    index,
  };
}
