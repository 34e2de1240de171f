/** Paired significance tests of two models' predictions on the same rows (no I/O). */
export { compareAccuracy, type AccuracyResult } from './accuracy.ts';
export { delongTest, type DeLongResult } from './delong.ts';
export {
  normalQuantile,
  normalTwoSided,
  studentTwoSided,
  tCritical,
  zCritical,
} from './distributions.ts';
export { holmAdjust } from './holm.ts';
export { mcnemarExact, type McNemarResult } from './mcnemar.ts';
export { pairedTTest, type LossMetric, type PairedTResult } from './paired-t.ts';
export { DEFAULT_POWER, minimumDetectableDrop } from './power.ts';
export { clopperPearsonInterval, wilsonInterval, type Interval } from './proportion.ts';
export {
  assertConfidence,
  compareOnRows,
  DEFAULT_CONFIDENCE,
  type ClassifierSide,
  type PairedPredictions,
  type SignificanceMetrics,
  type SignificanceResult,
} from './significance.ts';
