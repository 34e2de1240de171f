import type { TrainingData } from './training-data.ts';

/** Row-major batch arrays, plus the features transposed (features x rows). */
export interface BatchArrays {
  x: Float32Array;
  xT: Float32Array;
  y: Float32Array;
}

/** Targets as rows of `width` floats: one-hot classes, or the regression target. */
export function targetRows(data: TrainingData): { values: Float32Array; width: number } {
  if (data.classes === 0) return { values: Float32Array.from(data.y), width: 1 };
  const values = new Float32Array(data.rows * data.classes);
  for (let i = 0; i < data.rows; i++) values[i * data.classes + (data.y[i] ?? 0)] = 1;
  return { values, width: data.classes };
}

/**
 * Copies rows of the training data into fresh batch arrays. Fresh, not reused, because
 * the cpu backend keeps the array it is given as the tensor's storage.
 */
export class BatchBuilder {
  /** `x`: rows x `inputs` features; `y`: rows x `width` targets (`targetRows`). */
  constructor(
    readonly x: Float32Array,
    readonly inputs: number,
    readonly y: Float32Array,
    readonly width: number,
  ) {}

  /** Rows of the training data. */
  get rows(): number {
    return this.width > 0 ? Math.floor(this.y.length / this.width) : 0;
  }

  /** Rows `positions` (mapped through `rowOf` when given) in that order. */
  build(positions: Int32Array, rowOf?: Int32Array): BatchArrays {
    const n = positions.length;
    const { inputs, width } = this;
    const x = new Float32Array(n * inputs);
    const xT = new Float32Array(n * inputs);
    const y = new Float32Array(n * width);
    const source = this.x;
    const targets = this.y;
    // Plain index loops: subarray() per row allocated two views per row, which cost more
    // than the copying itself at batch 256.
    for (let r = 0; r < n; r++) {
      const position = positions[r] ?? 0;
      const row = rowOf ? (rowOf[position] ?? 0) : position;
      const from = row * inputs;
      const to = r * inputs;
      for (let j = 0; j < inputs; j++) {
        const value = source[from + j] ?? 0;
        x[to + j] = value;
        xT[j * n + r] = value;
      }
      for (let k = 0; k < width; k++) y[r * width + k] = targets[row * width + k] ?? 0;
    }
    return { x, xT, y };
  }

  /**
   * Copies rows `positions` (mapped through `rowOf`) into `x` and `y` in place — the SIMD
   * trainer's batch in its shared memory — with target rows `yStride` floats apart (padded).
   */
  fill(
    positions: Int32Array,
    rowOf: Int32Array,
    x: Float32Array,
    y: Float32Array,
    yStride: number,
  ): void {
    const { inputs, width } = this;
    const source = this.x;
    const targets = this.y;
    // Index loops, not subarray + set: two views per row cost more than the copy at batch 256.
    for (let r = 0; r < positions.length; r++) {
      const row = rowOf[positions[r] ?? 0] ?? 0;
      const from = row * inputs;
      const to = r * inputs;
      for (let j = 0; j < inputs; j++) x[to + j] = source[from + j] ?? 0;
      for (let k = 0; k < width; k++) y[r * yStride + k] = targets[row * width + k] ?? 0;
    }
  }
}
