import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/core/group-digits.ts';

describe('groupDigits', () => {
  it('writes what toLocaleString("en-US") writes', () => {
    const values = [
      0,
      -0,
      1,
      7,
      12,
      999,
      1000,
      -1000,
      1234,
      99_999,
      100_000,
      1_234_567,
      -9_876_543_210,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 60,
      1.5,
      1234.5678,
      -0.25,
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ];
    for (const value of values)
      expect(groupDigits(value), String(value)).toBe(value.toLocaleString('en-US'));
  });

  it('groups by thousands', () => {
    expect(groupDigits(1_200)).toBe('1,200');
    expect(groupDigits(-45_000_000)).toBe('-45,000,000');
  });
});
