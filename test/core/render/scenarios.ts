import type { GateRule } from '../../../src/core/config/schema.ts';
import { compareRuns, compareWithPredictions } from '../../../src/core/gate/compare.ts';
import type { PredictionSet } from '../../../src/core/significance/pairing.ts';
import type { Comparison } from '../../../src/core/gate/types.ts';
import { BASE_SHA, classificationRun, regressionRun } from '../gate/fixtures.ts';

/** The gate scenarios every rendering is snapshotted for. */

const rules: GateRule[] = [
  { metric: 'accuracy', min: 0.9 },
  { metric: 'accuracy', max_drop: 0.01 },
  { metric: 'log_loss', max_increase: 0.05 },
];

const baseMetrics = {
  accuracy: 0.9561,
  precision_macro: 0.9532,
  recall_macro: 0.951,
  f1_macro: 0.9521,
  precision: 0.9583,
  recall: 0.9718,
  f1: 0.965,
  roc_auc: 0.9934,
  log_loss: 0.1213,
};

export const PASS_TREND = [
  { sha: 'aaaaaaa1111111111111111111111111111111aa', value: 0.9474 },
  { sha: '1234567222222222222222222222222222222222', value: null },
  { sha: 'bbbbbbb3333333333333333333333333333333bb', value: 0.9649 },
];

export function passing(): Comparison {
  return compareRuns({
    baseline: classificationRun(baseMetrics),
    candidate: classificationRun({
      ...baseMetrics,
      accuracy: 0.9649,
      f1_macro: 0.9622,
      log_loss: 0.1101,
    }),
    rules,
    baselineSha: BASE_SHA,
  });
}

export function regression(): Comparison {
  return compareRuns({
    baseline: classificationRun(baseMetrics),
    candidate: classificationRun(
      { ...baseMetrics, accuracy: 0.9211, f1_macro: 0.9102, log_loss: 0.2051 },
      { labels: ['benign', 'malignant <img src=x onerror=alert(1)>|x'] },
    ),
    rules,
    baselineSha: BASE_SHA,
  });
}

export function noBaseline(): Comparison {
  return compareRuns({
    baseline: null,
    candidate: classificationRun(baseMetrics, {
      warnings: ['roc_auc: only one class present in y_true | see @org/team'],
    }),
    rules,
  });
}

/** A regression run with every regression metric, a few rules, and 30 extra made-up classes. */
export function manyMetrics(): Comparison {
  return compareRuns({
    baseline: regressionRun({ mae: 43.1234, mse: 2900.51, rmse: 53.8564, r2: 0.4512 }),
    candidate: regressionRun({ mae: 42.2, mse: 3010.2, rmse: 54.8653, r2: 0.4412 }),
    rules: [
      { metric: 'r2', min: 0.35 },
      { metric: 'r2', max_drop: 0.02 },
      { metric: 'mae', max: 45 },
      { metric: 'rmse', max_increase: 2 },
    ],
    baselineSha: BASE_SHA,
  });
}

export function multiclassMany(): Comparison {
  const labels = Array.from({ length: 10 }, (_, index) => String(index));
  const matrix = labels.map((_, row) =>
    labels.map((__, col) => (row === col ? 30 + row : row === (col + 1) % 10 ? 1 : 0)),
  );
  const perClass = {
    precision: labels.map((_, index) => 0.9 + index / 100),
    recall: labels.map((_, index) => 0.95 - index / 200),
    f1: labels.map((_, index) => 0.92 + index / 300),
    support: labels.map((_, index) => 31 + index),
  };
  const metrics = {
    accuracy: 0.9611,
    precision_macro: 0.9603,
    recall_macro: 0.9598,
    f1_macro: 0.9599,
    precision_weighted: 0.9615,
    recall_weighted: 0.9611,
    f1_weighted: 0.961,
    precision_micro: 0.9611,
    recall_micro: 0.9611,
    f1_micro: 0.9611,
    roc_auc_ovr_macro: 0.9982,
    roc_auc_ovr_weighted: 0.9981,
    roc_auc_ovo_macro: 0.9983,
    log_loss: 0.1402,
  };
  return compareRuns({
    baseline: classificationRun(
      { ...metrics, accuracy: 0.9583, f1_macro: 0.958, log_loss: 0.1455 },
      { labels, confusion_matrix: matrix, per_class: perClass },
    ),
    candidate: classificationRun(metrics, {
      labels,
      confusion_matrix: matrix,
      per_class: perClass,
    }),
    rules: [
      { metric: 'accuracy', min: 0.95 },
      { metric: 'f1_macro', max_drop: 0.01 },
    ],
    baselineSha: BASE_SHA,
  });
}

/** 114 test rows of which the first `wrong` are misclassified, with stable ids. */
function testRows(wrong: number): PredictionSet {
  const rows = Array.from({ length: 114 }, (_, i) => i);
  return {
    task: 'classification',
    rowIds: rows.map((i) => `row${i}`),
    yTrue: rows.map((i) => String(i % 2)),
    yPred: rows.map((i) => String(i < wrong ? 1 - (i % 2) : i % 2)),
  };
}

const significanceRules: GateRule[] = [
  { metric: 'accuracy', min: 0.9 },
  { metric: 'accuracy', max_drop: 0.005, significance: 0.05 },
];

/** A one-row drop: the plain max_drop would fail it, the paired test calls it noise. */
export function withinNoise(): Comparison {
  return compareWithPredictions(
    {
      metrics: classificationRun({ ...baseMetrics, accuracy: 109 / 114 }),
      predictions: testRows(5),
    },
    {
      metrics: classificationRun({ ...baseMetrics, accuracy: 108 / 114 }),
      predictions: testRows(6),
    },
    significanceRules,
    { baselineSha: BASE_SHA },
  );
}

/** Eight more wrong rows: a real regression the paired test confirms. */
export function realRegression(): Comparison {
  return compareWithPredictions(
    {
      metrics: classificationRun({ ...baseMetrics, accuracy: 109 / 114 }),
      predictions: testRows(5),
    },
    {
      metrics: classificationRun({ ...baseMetrics, accuracy: 101 / 114 }),
      predictions: testRows(13),
    },
    significanceRules,
    { baselineSha: BASE_SHA },
  );
}
