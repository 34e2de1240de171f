import { describe, expect, it } from 'vitest';
import type { GateRule } from '../../../src/core/config/schema.ts';
import { compareWithPredictions } from '../../../src/core/gate/compare.ts';
import { significanceSection } from '../../../src/core/render/significance-section.ts';
import type { PredictionSet } from '../../../src/core/significance/pairing.ts';
import { classificationRun } from '../gate/fixtures.ts';

/** 114 kept rows, the first `wrong` misclassified. */
function predictions(wrong: number): PredictionSet {
  const rows = Array.from({ length: 114 }, (_, i) => i);
  return {
    task: 'classification',
    rowIds: rows.map((i) => `r${i}`),
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
