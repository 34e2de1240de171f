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
