import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { classificationReport } from '../../../src/core/metrics/classification-report.ts';
import {
  BINARY_METRICS,
  CLASSIFICATION_METRICS,
  MULTICLASS_METRICS,
} from '../../../src/core/metrics/registry.ts';

const yTrue = ['no', 'yes', 'yes', 'no', 'yes'];
const yPred = ['no', 'yes', 'no', 'no', 'yes'];
const pYes = Float64Array.of(0.2, 0.9, 0.4, 0.3, 0.8);
const binaryScores = { labels: ['yes', 'no'], proba: [pYes, pYes.map((p) => 1 - p)] };

describe('classificationReport', () => {
  it('takes the greater label as positive in binary text labels', () => {
    // sklearn 1.2.1 with pos_label='yes': P 1.0, R 0.667, F1 0.8, AUC 1.0, log loss 0.36492...
    const report = classificationReport({ yTrue, yPred, scores: binaryScores });
    expect(report.labels).toEqual(['no', 'yes']);
    expect(report.metrics.precision).toBe(1);
    expect(report.metrics.recall).toBeCloseTo(2 / 3, 15);
    expect(report.metrics.f1).toBeCloseTo(0.8, 15);
    expect(report.metrics.roc_auc).toBe(1);
    expect(report.metrics.log_loss).toBeCloseTo(0.3649226588198266, 12);
    expect(Object.keys(report.metrics)).toEqual([...CLASSIFICATION_METRICS, ...BINARY_METRICS]);
  });

  it('gives the score metrics null with a warning when no probabilities are given', () => {
    const report = classificationReport({ yTrue, yPred });
    expect(Object.keys(report.metrics)).toEqual([...CLASSIFICATION_METRICS, ...BINARY_METRICS]);
    expect(report.metrics.roc_auc).toBeNull();
    expect(report.metrics.log_loss).toBeNull();
    expect(report.warnings).toContain(
      'roc_auc, log_loss are undefined: they need predicted probabilities, and none were given.',
    );
    const multi = classificationReport({ yTrue: ['a', 'b', 'c'], yPred: ['a', 'c', 'c'] });
    expect(Object.keys(multi.metrics)).toEqual([...CLASSIFICATION_METRICS, ...MULTICLASS_METRICS]);
    for (const key of MULTICLASS_METRICS) expect(multi.metrics[key]).toBeNull();
  });

  it('has the multiclass score keys with probabilities for three labels', () => {
    const proba = [
      Float64Array.of(0.8, 0.1, 0.1),
      Float64Array.of(0.1, 0.8, 0.1),
      Float64Array.of(0.1, 0.1, 0.8),
    ];
    const report = classificationReport({
      yTrue: ['a', 'b', 'c'],
      yPred: ['a', 'b', 'c'],
      scores: { labels: ['a', 'b', 'c'], proba },
    });
    expect(Object.keys(report.metrics)).toEqual([...CLASSIFICATION_METRICS, ...MULTICLASS_METRICS]);
    expect(report.metrics.roc_auc_ovo_macro).toBe(1);
    expect(report.warnings).toEqual([]);
  });

  it('uses a label only the model knows in the score metrics, not in the confusion matrix', () => {
    const proba = [Float64Array.of(0.7, 0.2), Float64Array.of(0.2, 0.7), Float64Array.of(0.1, 0.1)];
    const report = classificationReport({
      yTrue: ['a', 'b'],
      yPred: ['a', 'b'],
      scores: { labels: ['a', 'b', 'c'], proba },
    });
    // sklearn: confusion_matrix / precision_recall_fscore_support over unique_labels(y_true, y_pred),
    // roc_auc_score(..., labels=['a', 'b', 'c']).
    expect(report.labels).toEqual(['a', 'b']);
    expect(report.confusion_matrix).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(report.metrics.precision).toBeUndefined();
    expect(report.metrics.roc_auc_ovr_macro).toBeNull();
    expect(report.metrics.roc_auc_ovo_macro).toBe(1);
    expect(report.warnings).toEqual([
      'roc_auc_ovr_macro is undefined: label "c" has no samples in y_true, so its one-vs-rest ROC AUC is not defined.',
      'roc_auc_ovr_weighted is undefined: label "c" has no samples in y_true, so its one-vs-rest ROC AUC is not defined.',
    ]);
  });

  it('names the labels zero_division stood in for', () => {
    const report = classificationReport({ yTrue: ['a', 'b', 'c'], yPred: ['a', 'a', 'b'] });
    expect(report.warnings[0]).toBe(
      'Precision is ill-defined for label(s) "c" with no predicted samples; set to 0 (zero_division).',
    );
    const absent = classificationReport({ yTrue: ['a', 'a'], yPred: ['a', 'b'] });
    expect(absent.warnings[0]).toBe(
      'Recall is ill-defined for label(s) "b" with no true samples; set to 0 (zero_division).',
    );
  });

  // Two labels, three positives of which two are predicted: P = 1, R = 2/3, F1 = 0.8.
  const oneMissed = (n: string, p: string) =>
    [
      [n, p, p, n, p],
      [n, p, n, n, p],
    ] as const;
  const oneMissedPositive = [1, 0.6666666666666666, 0.8];
  // [y_true, y_pred, [P, R, F1] with zero_division 0, the same with zero_division 1], from
  // sklearn 1.2.1 precision_score / recall_score / f1_score with the default pos_label=1; for
  // {1, 2} and {a, b}, where sklearn rejects pos_label=1, with pos_label = the greater label.
  it.each([
    ['one label 1', ['1', '1', '1', '1'], ['1', '1', '1', '1'], [1, 1, 1], [1, 1, 1]],
    ['one label 0', ['0', '0', '0', '0'], ['0', '0', '0', '0'], [0, 0, 0], [1, 1, 1]],
    ['one label -1', ['-1', '-1', '-1'], ['-1', '-1', '-1'], [0, 0, 0], [1, 1, 1]],
    ['one label 5', ['5', '5', '5'], ['5', '5', '5'], [0, 0, 0], [1, 1, 1]],
    ['one text label', ['x', 'x'], ['x', 'x'], [0, 0, 0], [1, 1, 1]],
    ['true 1, predicted 0', ['1', '1', '1'], ['0', '0', '0'], [0, 0, 0], [1, 0, 0]],
    ['labels 0 and 1', ...oneMissed('0', '1'), oneMissedPositive, oneMissedPositive],
    ['labels -1 and 1', ...oneMissed('-1', '1'), oneMissedPositive, oneMissedPositive],
    ['labels 1 and 2 (positive 2)', ...oneMissed('1', '2'), oneMissedPositive, oneMissedPositive],
    ['labels a and b (positive b)', ...oneMissed('a', 'b'), oneMissedPositive, oneMissedPositive],
  ])('scores binary precision, recall and f1 as sklearn: %s', (_, yTrue, yPred, zd0, zd1) => {
    const binary = (zeroDivision: 0 | 1) => {
      const { metrics } = classificationReport({ yTrue, yPred, zeroDivision });
      return [metrics.precision, metrics.recall, metrics.f1];
    };
    expect(binary(0)).toEqual(zd0);
    expect(binary(1)).toEqual(zd1);
  });

  it('warns when the single label is not the positive label 1', () => {
    const zeros = classificationReport({ yTrue: ['0', '0'], yPred: ['0', '0'] });
    expect(zeros.metrics.accuracy).toBe(1);
    expect(zeros.warnings).toContain(
      'The positive label "1" occurs in neither y_true nor y_pred; precision, recall and f1 use zero_division.',
    );
    const ones = classificationReport({ yTrue: ['1', '1'], yPred: ['1', '1'] });
    expect(ones.warnings).toEqual([
      'roc_auc, log_loss are undefined: they need predicted probabilities, and none were given.',
    ]);
  });

  it('scores one label with probabilities but leaves ROC AUC and log loss null (sklearn raises)', () => {
    // sklearn 1.2.1: roc_auc_score raises "Only one class present in y_true", log_loss(y_true,
    // y_score) raises "y_true contains only one label (1)".
    const report = classificationReport({
      yTrue: ['1', '1', '1'],
      yPred: ['1', '1', '1'],
      scores: { labels: ['1'], proba: [Float64Array.of(0.9, 0.3, 0.8)] },
    });
    expect(report.metrics.accuracy).toBe(1);
    expect([report.metrics.precision, report.metrics.recall, report.metrics.f1]).toEqual([1, 1, 1]);
    expect(report.metrics.roc_auc).toBeNull();
    expect(report.metrics.log_loss).toBeNull();
    expect(report.warnings).toEqual([
      'roc_auc is undefined: Only one class present in y_true. ROC AUC score is not defined in that case.',
      'log_loss is undefined: Log loss needs at least two labels; y_true contains only one label and no other label was given.',
    ]);
  });

  it('turns NaN probabilities into null score metrics with a warning', () => {
    const scores = {
      labels: ['no', 'yes'],
      proba: [
        Float64Array.of(0.5, Number.NaN, 0.5, 0.5, 0.5),
        Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5),
      ],
    };
    const report = classificationReport({ yTrue, yPred, scores });
    expect(report.metrics.roc_auc).toBeNull();
    expect(report.metrics.log_loss).toBeNull();
    expect(report.warnings).toContain(
      'roc_auc, log_loss are undefined: the probabilities contain NaN or infinite values.',
    );
  });

  it('applies zero_division 1 and computes F1 from the substituted values (sklearn 1.2.1)', () => {
    // Label "b" is never predicted: P = 1 (substituted), R = 0, so F1 = 2·1·0/(1 + 0) = 0.
    const zd1 = classificationReport({ yTrue: ['a', 'b'], yPred: ['a', 'a'], zeroDivision: 1 });
    expect(zd1.per_class).toEqual({
      precision: [0.5, 1],
      recall: [1, 0],
      f1: [2 / 3, 0],
      support: [1, 1],
    });
    const zd0 = classificationReport({ yTrue: ['a', 'b'], yPred: ['a', 'a'] });
    expect(zd0.per_class.precision).toEqual([0.5, 0]);
  });

  it('scores the positive label with zero_division when the data never shows it (sklearn pos_label)', () => {
    const scores = {
      labels: ['0', '1'],
      proba: [Float64Array.of(0.9, 0.8), Float64Array.of(0.1, 0.2)],
    };
    const zd1 = classificationReport({
      yTrue: ['0', '0'],
      yPred: ['0', '0'],
      scores,
      zeroDivision: 1,
    });
    expect(zd1.labels).toEqual(['0']);
    expect([zd1.metrics.precision, zd1.metrics.recall, zd1.metrics.f1]).toEqual([1, 1, 1]);
    expect(zd1.metrics.roc_auc).toBeNull();
    expect(zd1.warnings).toContain(
      'The positive label "1" occurs in neither y_true nor y_pred; precision, recall and f1 use zero_division.',
    );
    const zd0 = classificationReport({ yTrue: ['0', '0'], yPred: ['0', '0'], scores });
    expect([zd0.metrics.precision, zd0.metrics.recall, zd0.metrics.f1]).toEqual([0, 0, 0]);
  });

  it.each([
    [
      { yTrue: ['a'], yPred: ['a', 'b'] },
      'y_true has 1 values but y_pred has 2; expected one prediction per true label.',
    ],
    [
      { yTrue: [], yPred: [] },
      'There are no samples to score; expected at least one y_true/y_pred pair.',
    ],
    [
      {
        yTrue: ['a', 'b'],
        yPred: ['a', 'b'],
        scores: { labels: ['a', 'a'], proba: [Float64Array.of(1, 0), Float64Array.of(0, 1)] },
      },
      'The probability labels "a", "a" repeat a label; expected each label once.',
    ],
    [
      {
        yTrue: ['a', 'b'],
        yPred: ['a', 'b'],
        scores: { labels: ['a', 'b'], proba: [Float64Array.of(1, 0)] },
      },
      'There are 1 probability columns for 2 labels; expected one column per label.',
    ],
    [
      {
        yTrue: ['a', 'b'],
        yPred: ['a', 'b'],
        scores: { labels: ['a', 'b'], proba: [Float64Array.of(1, 0), Float64Array.of(0)] },
      },
      'The probability column of label "b" has 1 values for 2 samples; expected one per sample.',
    ],
  ])('rejects unusable input: %#', (input, message) => {
    expect(() => classificationReport(input)).toThrow(new InputError(message));
  });

  it('makes the score metrics null when a label has no probability column (sklearn raises)', () => {
    const report = classificationReport({
      yTrue: ['a', 'b', 'c'],
      yPred: ['a', 'b', 'b'],
      scores: { labels: ['a', 'b'], proba: [Float64Array.of(1, 0, 0), Float64Array.of(0, 1, 1)] },
    });
    expect(report.metrics.accuracy).toBeCloseTo(2 / 3, 15);
    expect(report.metrics.log_loss).toBeNull();
    expect(report.metrics.roc_auc_ovo_macro).toBeNull();
    expect(report.warnings).toContain(
      'roc_auc_ovr_macro, roc_auc_ovr_weighted, roc_auc_ovo_macro, log_loss are undefined: label(s) "c" occur in y_true or y_pred but have no probability column.',
    );
  });
});
