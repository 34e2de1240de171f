import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../src/core/metrics/roc-auc.ts';
import { estimateBinary, estimateRocAuc } from '../../../src/core/performance/cbpe.ts';
import { calibrateScores, fitIsotonic } from '../../../src/core/performance/isotonic.ts';
import { buildPerformanceReport } from '../../../src/core/performance/performance-report.ts';
import { performanceBodyFor } from '../../../src/core/render/performance-body.ts';
import { createRandom } from '../../../src/core/random.ts';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A deterministic world: inputs, their true P(y = 1 | x), and a miscalibrated model. */
function sample(seed: number, n: number, mean: number, sd: number, truth: (x: number) => number) {
  const random = createRandom(seed);
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const x = mean + sd * z;
    // Overconfident and shifted: calibration has work to do.
    scores[i] = sigmoid(3.5 * x + 0.8);
    labels[i] = random() < truth(x) ? 1 : 0;
  }
  return { scores, labels, predicted: Array.from(scores, (s) => s >= 0.5) };
}

const trueRelation = (x: number): number => sigmoid(2 * x - 0.3);

function realised(labels: Uint8Array, predicted: boolean[], scores: Float64Array) {
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  labels.forEach((y, i) => {
    const p = predicted[i] === true;
    if ((y === 1) === p) correct++;
    if (p && y === 1) tp++;
    if (p && y === 0) fp++;
    if (!p && y === 1) fn++;
  });
  return {
    accuracy: correct / labels.length,
    f1: (2 * tp) / (2 * tp + fp + fn),
    roc_auc: rocAuc(labels, scores),
  };
}

describe('CBPE', () => {
  const reference = sample(1, 20_000, 0, 1, trueRelation);
  const calibrator = fitIsotonic(reference.scores, reference.labels);

  it('estimates accuracy within 2 points of the realised one under covariate shift', () => {
    // Production moved towards the decision boundary, where the model errs most.
    const shifted = sample(2, 20_000, -0.3, 0.6, trueRelation);
    const estimate = estimateBinary(calibrateScores(calibrator, shifted.scores), shifted.predicted);
    const actual = realised(shifted.labels, shifted.predicted, shifted.scores);
    const before = realised(reference.labels, reference.predicted, reference.scores);
    // The shift moved accuracy, so the check is not passed by an estimate that stands still.
    expect(Math.abs(actual.accuracy - before.accuracy)).toBeGreaterThan(0.05);
    expect(Math.abs(estimate.accuracy - actual.accuracy)).toBeLessThan(0.02);
    expect(Math.abs(estimate.f1 - actual.f1)).toBeLessThan(0.02);
    expect(Math.abs((estimate.roc_auc ?? 0) - actual.roc_auc)).toBeLessThan(0.02);
    // Without calibration, the model's overconfident scores would mislead the estimate.
    const raw = estimateBinary(shifted.scores, shifted.predicted);
    expect(Math.abs(raw.accuracy - actual.accuracy)).toBeGreaterThan(0.02);
  });

  it('says the estimate cannot be trusted under concept shift', () => {
    // Same inputs as at training, but the label now depends on them the other way round.
    const drifted = sample(3, 20_000, 0, 1, (x) => sigmoid(-2 * x - 0.3));
    const estimate = estimateBinary(calibrateScores(calibrator, drifted.scores), drifted.predicted);
    const actual = realised(drifted.labels, drifted.predicted, drifted.scores);
    const report = buildPerformanceReport({
      releaseTag: 'model-v1.0.0',
      task: 'classification',
      releaseMetrics: realised(reference.labels, reference.predicted, reference.scores),
      rows: 20_000,
      labelledRows: 20_000,
      realised: actual,
      estimated: estimate,
      rules: [{ metric: 'accuracy', max_drop: 0.05 }],
      tolerance: 0.05,
    });
    expect(report.trust?.trusted).toBe(false);
    expect(report.performance_drop).toBe(true);
    const body = performanceBodyFor({
      report,
      releaseTag: 'model-v1.0.0',
      run: { id: 7, name: 'monitor', htmlUrl: 'https://github.com/o/r/actions/runs/7' },
    });
    expect(body).toContain('**The estimate cannot be trusted**');
    expect(body).toContain('no concept shift');
  });

  it('estimates AUC from the expected ROC curve; undefined when one class is expected', () => {
    // Perfectly separated expectations: rows at p = 1 rank above rows at p = 0.
    expect(estimateRocAuc([1, 1, 0, 0])).toBe(1);
    // Every row alike: no ranking, the diagonal.
    expect(estimateRocAuc([0.5, 0.5, 0.5])).toBeCloseTo(0.5, 12);
    expect(estimateRocAuc([0, 0])).toBeNull();
    expect(estimateRocAuc([1, 1])).toBeNull();
  });

  it('builds the expected confusion matrix from the model predictions', () => {
    const estimate = estimateBinary([0.9, 0.2, 0.6, 0.1], [true, false, true, false]);
    expect(estimate.confusion[1][1]).toBeCloseTo(1.5, 12);
    expect(estimate.confusion[0][1]).toBeCloseTo(0.5, 12);
    expect(estimate.confusion[1][0]).toBeCloseTo(0.3, 12);
    expect(estimate.confusion[0][0]).toBeCloseTo(1.7, 12);
    expect(estimate.accuracy).toBeCloseTo(3.2 / 4, 12);
    expect(estimate.f1).toBeCloseTo(3 / (3 + 0.5 + 0.3), 12);
  });
});
