import { describe, expect, it } from 'vitest';
import type { GateRule } from '../../../src/core/config/schema.ts';
import { compareWithPredictions } from '../../../src/core/gate/compare.ts';
import { significanceSection } from '../../../src/core/render/significance-section.ts';
import type { PredictionSet } from '../../../src/core/significance/pairing.ts';
import { classificationRun } from '../gate/fixtures.ts';

/** 114 kept rows, the first `wrong` misclassified. */
function predictions(wrong: number, id = (i: number) => `r${i}`): PredictionSet {
  const rows = Array.from({ length: 114 }, (_, i) => i);
  return {
    task: 'classification',
    rowIds: rows.map(id),
    yTrue: rows.map((i) => String(i % 2)),
    yPred: rows.map((i) => String(i < wrong ? 1 - (i % 2) : i % 2)),
  };
}

const rules: GateRule[] = [{ metric: 'accuracy', max_drop: 0.005, significance: 0.05 }];

function section(testRows: number): string {
  const run = (wrong: number) => ({
    metrics: classificationRun({ accuracy: 1 - wrong / 114 }, { n_test: testRows }),
    predictions: predictions(wrong),
  });
  return significanceSection(compareWithPredictions(run(5), run(6), rules)) ?? '';
}

describe('significanceSection above the predictions bound', () => {
  it('says the tests see the sample predictions.csv kept, not every test row', () => {
    expect(section(250_000)).toContain(
      'The predictions keep a sample of the test rows (base 114 of 250000, PR 114 of 250000;',
    );
    expect(section(250_000)).toContain('the tests and intervals below describe that sample');
  });

  it('says nothing of a sample when every test row was kept', () => {
    expect(section(114)).not.toContain('sample');
  });
});

describe('significanceSection in the comment', () => {
  const run = (wrong: number, id?: (i: number) => string) => ({
    metrics: classificationRun({ accuracy: 1 - wrong / 114 }),
    predictions: predictions(wrong, id),
  });

  it('says that several tested rules are Holm-corrected, with the adjusted p', () => {
    const two: GateRule[] = [
      { metric: 'accuracy', max_drop: 0.005, significance: 0.05 },
      { metric: 'accuracy', max_drop: 0.01, significance: 0.05 },
    ];
    const text = significanceSection(compareWithPredictions(run(5), run(13), two)) ?? '';
    expect(text).toContain(
      'The p-values of the 2 tested rules are Holm-corrected for multiple comparisons.',
    );
    // McNemar p = 2/2^8 = 0.0078; Holm doubles the smaller of two equal ones: 0.0156.
    expect(text).toContain('| gate[0] accuracy | exact McNemar | 0.02 | 0.05 |');
  });

  it('says the comparison is unpaired when the pull request replaced most test rows', () => {
    const candidate = run(6, (i) => (i < 80 ? `new${i}` : `r${i}`));
    const text = significanceSection(compareWithPredictions(run(5), candidate, rules)) ?? '';
    expect(text).toContain(
      "Unpaired: only 34 of the base's 114 and the PR's 114 test rows match, so only intervals are shown.",
    );
    expect(text).toContain('| accuracy | 0.9561 [0.9014, 0.9811] | 0.9474 [0.8899, 0.9757] |');
    expect(text).toContain('the comparison is unpaired; the rule applies as without significance');
  });
});
