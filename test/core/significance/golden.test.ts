import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import {
  compareOnRows,
  type PairedPredictions,
} from '../../../src/core/significance/significance.ts';
import { expectClose, isExpectedError } from '../../support/golden.ts';
import { significanceCases, type SignificanceCase } from './golden-cases.ts';

/**
 * The pure comparison agrees with every public golden case of significance.json (scipy,
 * statsmodels and 40-digit mpmath values) within the case's tolerance. The CLI test runs the
 * same cases through CSV files, including the three error cases.
 */

function paired({ task, inputs }: SignificanceCase): PairedPredictions {
  if (task === 'regression') {
    return {
      task,
      yTrue: Float64Array.from(inputs.y_true, Number),
      baseline: Float64Array.from(inputs.baseline.y_pred, Number),
      candidate: Float64Array.from(inputs.candidate.y_pred, Number),
    };
  }
  const side = (s: SignificanceCase['inputs']['baseline']) => ({
    yPred: s.y_pred.map(String),
    yScore: s.y_score ? Float64Array.from(s.y_score) : undefined,
  });
  return {
    task: 'classification',
    yTrue: inputs.y_true.map(String),
    baseline: side(inputs.baseline),
    candidate: side(inputs.candidate),
  };
}

const valid = significanceCases.filter((c) => !isExpectedError(c.golden.expected));

describe('significance golden cases', () => {
  it('covers all 48 valid public cases', () => {
    expect(valid.length).toBe(48);
  });

  it.each(valid.map((c) => [c.golden.id, c] as const))('%s', (_id, c) => {
    const result = compareOnRows(paired(c), c.inputs.confidence);
    const { n, confidence, metrics } = c.golden.expected;
    expectClose(result, { n, confidence, metrics }, c.golden.tol);
    // No extra metric keys (a multiclass or score-less case has no roc_auc at all).
    expect(Object.keys(result.metrics).sort()).toEqual(Object.keys(metrics ?? {}).sort());
  });

  it('refuses a confidence outside (0, 1)', () => {
    const c = significanceCases.find((x) => x.golden.id === 'err_confidence_out_of_range');
    if (!c) throw new Error('case missing');
    expect(() => compareOnRows(paired(c), c.inputs.confidence)).toThrow(InputError);
  });
});
