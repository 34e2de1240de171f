import { describe, expect, it } from 'vitest';
import { compareRuns, compareWithPredictions } from '../../../src/core/gate/compare.ts';
import type { GateRule } from '../../../src/core/config/schema.ts';
import type { PredictionSet } from '../../../src/core/significance/pairing.ts';
import { classificationRun } from './fixtures.ts';

/**
 * 114 test rows; the baseline gets `wrongBase` rows wrong, the candidate those and `extra`
 * more (rows after them), so the candidate's accuracy drops by extra/114.
 */
function predictions(wrong: number, ids = (i: number) => `r${i}`): PredictionSet {
  const rows = Array.from({ length: 114 }, (_, i) => i);
  const yTrue = rows.map((i) => String(i % 2));
  return {
    task: 'classification',
    rowIds: rows.map(ids),
    yTrue,
    yPred: rows.map((i) => (i < wrong ? String(1 - (i % 2)) : String(i % 2))),
  };
}

function run(wrong: number) {
  return {
    metrics: classificationRun({ accuracy: (114 - wrong) / 114 }),
    predictions: predictions(wrong),
  };
}

const strict: GateRule[] = [{ metric: 'accuracy', max_drop: 0.005 }];
const withTest: GateRule[] = [{ metric: 'accuracy', max_drop: 0.005, significance: 0.05 }];

describe('a max_drop rule with significance', () => {
  it('passes a one-row drop the plain rule fails, and says it is noise', () => {
    const plain = compareWithPredictions(run(5), run(6), strict);
    expect(plain.verdict).toBe('fail');
    expect(plain.rules[0]?.significance).toBeUndefined();

    const tested = compareWithPredictions(run(5), run(6), withTest);
    expect(tested.verdict).toBe('pass');
    const rule = tested.rules[0];
    expect(rule?.status).toBe('pass');
    // The bound's words stay: the reviewer reads that the plain rule would have failed.
    expect(rule?.reason).toBe(
      'dropped 0.0088 from 0.9561, more than max_drop 0.005, but within noise (p = 1.00)',
    );
    expect(rule?.significance).toMatchObject({
      tested: true,
      test: 'mcnemar_exact',
      p_value: 1,
      overruled: true,
      sentence: '\u22120.9 points, within noise: 1 of 114 rows changed, p = 1.00',
    });
    expect(rule?.significance?.resolution?.warning).toBe(
      'One of 114 test rows is worth 0.9 points of accuracy, more than max_drop 0.005: the rule is finer than the data. This test set detects a drop of 7.6 points at level 0.05 with power 0.8.',
    );
  });

  it('fails a real regression', () => {
    const tested = compareWithPredictions(run(5), run(25), withTest);
    expect(tested.verdict).toBe('fail');
    expect(tested.rules[0]?.significance?.sentence).toMatch(
      /^\u221217\.5 points, a real difference: 20 of 114 rows changed, p < 0\.001$/,
    );
  });

  it('Holm-corrects several tested rules together', () => {
    const rules: GateRule[] = [
      { metric: 'accuracy', max_drop: 0.005, significance: 0.05 },
      { metric: 'accuracy', max_drop: 0.01, significance: 0.05 },
    ];
    // 8 more wrong rows: exact McNemar p = 2/2^8 = 0.0078, Holm-adjusted 2·0.0078 = 0.0156.
    const tested = compareWithPredictions(run(5), run(13), rules);
    const [first, second] = tested.rules;
    expect(first?.significance?.p_value).toBeCloseTo(0.0078125, 12);
    expect(first?.significance?.p_adjusted).toBeCloseTo(0.015625, 12);
    expect(second?.significance?.holm_family).toBe(2);
    expect(tested.verdict).toBe('fail');
  });

  it('falls back to the bound with a note when the baseline has no predictions', () => {
    const tested = compareWithPredictions({ ...run(5), predictions: null }, run(6), withTest);
    expect(tested.verdict).toBe('fail');
    expect(tested.rules[0]?.significance).toMatchObject({
      tested: false,
      sentence:
        "not tested: the baseline's run has no predictions.csv; the rule applies as without significance",
    });
  });

  it('falls back when the pull request replaced most test rows (unpaired)', () => {
    const candidate = {
      ...run(6),
      predictions: predictions(6, (i) => (i < 80 ? `new${i}` : `r${i}`)),
    };
    const tested = compareWithPredictions(run(5), candidate, withTest);
    expect(tested.verdict).toBe('fail');
    expect(tested.significance?.pairing).toMatchObject({ paired_rows: 34, paired: false });
    expect(tested.rules[0]?.significance?.sentence).toContain('the comparison is unpaired');
  });

  it('leaves compareRuns without predictions exactly as before', () => {
    const before = compareRuns({
      baseline: run(5).metrics,
      candidate: run(6).metrics,
      rules: withTest,
    });
    expect(before.verdict).toBe('fail');
    expect(before.significance).toBeUndefined();
    expect(before.rules[0]?.significance).toBeUndefined();
  });
});
