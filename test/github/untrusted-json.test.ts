import { describe, expect, it } from 'vitest';
import { MetricsReportSchema } from '../../src/core/metrics-report.ts';
import { parseUntrustedJson } from '../../src/github/untrusted-json.ts';
import { metricsFixture } from '../history/fixtures.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const parse = (text: string): unknown =>
  parseUntrustedJson(encode(text), MetricsReportSchema, 'metrics.json');
const valid = metricsFixture(0.9);

describe('parseUntrustedJson', () => {
  it('returns the validated document', () => {
    expect(parse(JSON.stringify(valid))).toEqual(valid);
  });

  it('names the path and the value of an infinite number (JSON 1e999 parses as Infinity)', () => {
    const text = JSON.stringify(valid).replace('"accuracy":0.9', '"accuracy":1e999');
    expect(() => parse(text)).toThrow(
      'metrics.json: metrics.accuracy must be a finite number, got Infinity',
    );
  });

  it.each([
    ['accuracy', 1.5, 'must be between 0 and 1, got 1.5'],
    ['accuracy', -0.1, 'must be between 0 and 1, got -0.1'],
    ['precision_macro', 2, 'must be between 0 and 1, got 2'],
    ['recall', 1.01, 'must be between 0 and 1, got 1.01'],
    ['f1_weighted', -1, 'must be between 0 and 1, got -1'],
    ['roc_auc_ovr_macro', 3, 'must be between 0 and 1, got 3'],
    ['log_loss', -0.5, 'must be 0 or more, got -0.5'],
    ['mae', -1, 'must be 0 or more, got -1'],
    ['mse', -2, 'must be 0 or more, got -2'],
    ['rmse', -3, 'must be 0 or more, got -3'],
    ['r2', 1.2, 'must be 1 or less, got 1.2'],
  ])('names a metric outside its range: %s = %s', (name, value, problem) => {
    const text = JSON.stringify({ ...valid, metrics: { ...valid.metrics, [name]: value } });
    expect(() => parse(text)).toThrow(`metrics.json: metrics.${name} ${problem}`);
  });

  it('keeps metrics at the edges of their ranges, a negative r2 and null', () => {
    const metrics = { ...valid.metrics, accuracy: 1, log_loss: 0, r2: -4.2, roc_auc: null, mae: 0 };
    expect(parse(JSON.stringify({ ...valid, metrics }))).toMatchObject({ metrics });
  });

  it('says NaN is not JSON', () => {
    const text = JSON.stringify(valid).replace('"accuracy":0.9', '"accuracy":NaN');
    expect(() => parse(text)).toThrow(/^metrics\.json is not valid JSON \(/);
  });

  it('names a wrong type inside an array', () => {
    const text = JSON.stringify({ ...valid, per_class: { ...valid.per_class, f1: [0.5, 'high'] } });
    expect(() => parse(text)).toThrow('metrics.json: per_class.f1[1] must be a number, got "high"');
  });

  it('names a wrong schema version', () => {
    expect(() => parse(JSON.stringify({ ...valid, schema: 'modelgate/metrics@2' }))).toThrow(
      `metrics.json: schema must be "modelgate/metrics@1", got "modelgate/metrics@2"`,
    );
  });

  it('names a missing field', () => {
    expect(() => parse(JSON.stringify({ ...valid, n_test: undefined }))).toThrow(
      'metrics.json: n_test is required: expected an integer ≥ 0',
    );
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() =>
      parseUntrustedJson(new Uint8Array([0x7b, 0xff, 0x7d]), MetricsReportSchema, 'metrics.json'),
    ).toThrow('metrics.json is not UTF-8 text');
  });
});
