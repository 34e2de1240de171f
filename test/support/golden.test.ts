import { describe, expect, it } from 'vitest';
import { expectClose, loadGoldenCases, mismatches, toleranceFor } from './golden.ts';

const tol = {
  '*': { abs: 1e-12, rel: 0 },
  ks: { abs: 0, rel: 1e-7 },
  'ks.pvalue': { abs: 0, rel: 1e-3 },
};

describe('golden tolerance helper', () => {
  it('picks the longest dotted prefix, whole segments only, with * as fallback', () => {
    expect(toleranceFor(tol, 'ks.pvalue')).toBe(tol['ks.pvalue']);
    expect(toleranceFor(tol, 'ks.pvalue.0')).toBe(tol['ks.pvalue']);
    expect(toleranceFor(tol, 'ks.statistic')).toBe(tol.ks);
    expect(toleranceFor(tol, 'ks_extra')).toBe(tol['*']);
    expect(() => toleranceFor({}, 'x')).toThrow(/No tolerance for "x"/);
  });

  it('applies abs + rel·|expected| and decodes non-finite strings', () => {
    expect(mismatches({ ks: { pvalue: 1.0009 } }, { ks: { pvalue: 1 } }, tol)).toEqual([]);
    expect(mismatches({ ks: { pvalue: 1.002 } }, { ks: { pvalue: 1 } }, tol)).toHaveLength(1);
    expect(
      mismatches([Number.NaN, Infinity, -Infinity], ['NaN', 'Infinity', '-Infinity'], tol),
    ).toEqual([]);
    expect(mismatches([0], ['NaN'], tol)).toEqual(['0: expected NaN, got 0']);
  });

  it('lists every wrong path: values, lengths, missing keys, exact strings', () => {
    const expected = { labels: ['a', 'b'], m: { x: 1, y: 2 }, counts: [1, 2, 3] };
    const actual = { labels: ['a', 'c'], m: { x: 1.5 }, counts: [1, 2] };
    expect(mismatches(actual, expected, tol)).toEqual([
      'labels.1: expected "b", got "c"',
      'm.x: expected 1, got 1.5 (|diff| 0.5, abs 1e-12, rel 0)',
      'm.y: missing',
      'counts: expected 3 elements, got 2',
    ]);
    expect(() => expectClose(actual, expected, tol)).toThrow();
  });

  it('loads and validates the public metrics cases', () => {
    const cases = loadGoldenCases('metrics.json');
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
});
