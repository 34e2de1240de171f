/**
 * Metrics of DESIGN.md §5 with scikit-learn 1.2.1 semantics. Faces and the engine import the
 * reports and the registry from here; the single-metric functions are exported for callers
 * that need one number (and for the tests that pin them to the golden vectors).
 */
export {
  classificationReport,
  type ClassificationInput,
  type ClassificationReport,
  type ClassScores,
} from './classification-report.ts';
export {
  regressionReport,
  type RegressionInput,
  type RegressionReport,
} from './regression-report.ts';
export {
  BINARY_METRICS,
  CLASSIFICATION_METRICS,
  METRIC_NAMES,
  MULTICLASS_METRICS,
  REGRESSION_METRICS,
  isMetricName,
  metricDirection,
  metricKeys,
  metricLabel,
  primaryMetric,
  type MetricDirection,
  type MetricName,
} from './registry.ts';
export { sortLabels, uniqueLabels } from './labels.ts';
export { confusionMatrix } from './confusion-matrix.ts';
export { precisionRecallF1, type ZeroDivision } from './precision-recall-f1.ts';
export { rocAuc, rocAucFromSamples } from './roc-auc.ts';
export { rocAucOvoMacro, rocAucOvr, rocAucOvrAverages } from './roc-auc-multiclass.ts';
export { logLoss, LOG_LOSS_EPS } from './log-loss.ts';
export {
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression.ts';
export { UndefinedMetricError } from './undefined-metric.ts';
