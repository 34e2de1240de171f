import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { parseMetricsReport } from '../../../src/core/gate/parse-metrics-report.ts';
import { classificationRun } from './fixtures.ts';

function errorOf(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    parseMetricsReport(text, 'pr/metrics.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected parseMetricsReport to throw');
}

describe('parseMetricsReport', () => {
  it('returns a valid report unchanged', () => {
    const report = classificationRun({ accuracy: 0.9, roc_auc: null });
    expect(parseMetricsReport(JSON.stringify(report), 'x.json')).toEqual(report);
  });

  it('says when the file is the output of modelgate metrics', () => {
    expect(
      errorOf({ schema: 'modelgate/prediction-metrics@1', task: 'classification', metrics: {} }),
    ).toBe(
      'pr/metrics.json is the output of `modelgate metrics` (modelgate/prediction-metrics@1), which has no run data to compare; expected a metrics.json written by modelgate train or evaluate.',
    );
  });

  it('names the file, the field, the value and the expectation', () => {
    const report = classificationRun({ accuracy: 0.9 });
    expect(errorOf({ ...report, schema: 'modelgate/metrics@2' })).toBe(
      'pr/metrics.json: schema must be "modelgate/metrics@1", got "modelgate/metrics@2".',
    );
    expect(errorOf({ ...report, metrics: { accuracy: '0.9' } })).toBe(
      'pr/metrics.json: metrics.accuracy must be a number, got "0.9".',
    );
    expect(errorOf({ ...report, data: { ...report.data, sha256: 'abc' } })).toBe(
      'pr/metrics.json: data.sha256 must be a hex sha256, got "abc".',
    );
    expect(errorOf({ ...report, n_test: -3 })).toBe(
      'pr/metrics.json: n_test must be an integer ≥ 0, got -3.',
    );
  });

  it('counts further problems', () => {
    const report = classificationRun({ accuracy: 0.9 });
    expect(errorOf({ ...report, n_test: -3, n_train: 'many' })).toMatch(
      /\(and 1 more problem\)\.$/,
    );
  });

  it('rejects text that is not a JSON object', () => {
    expect(errorOf('{"schema":')).toMatch(/^pr\/metrics\.json is not valid JSON \(/);
    expect(errorOf('[1, 2]')).toBe(
      'pr/metrics.json must hold a JSON object (a metrics.json written by modelgate train).',
    );
  });
});
