/** Training rows after preprocessing: row-major features and encoded targets. */
export interface TrainingData {
  x: Float32Array;
  rows: number;
  inputs: number;
  /** Class indices (classification, with `classes` > 0) or standardised targets (regression). */
  y: Int32Array | Float32Array;
  classes: number;
}
