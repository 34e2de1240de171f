import { describe, expect, it } from 'vitest';
import type { GateRule } from '../../../src/core/config/schema.ts';
import { evaluateRule } from '../../../src/core/gate/evaluate-rule.ts';
import { formatValueAgainst } from '../../../src/core/gate/format-value.ts';

function reason(rule: GateRule, candidate: number, base?: number): string {
  return evaluateRule({ rule, index: 0, candidate, base }).reason;
}

describe('rule reasons', () => {
  it('keep usual values at 4 decimals', () => {
    expect(reason({ metric: 'accuracy', min: 0.9 }, 0.857142857)).toBe(
      '0.8571 is below the minimum 0.9',
    );
    expect(reason({ metric: 'accuracy', min: 0.9 }, 0.9)).toBe('0.9000 ≥ 0.9');
    expect(reason({ metric: 'log_loss', max: 0.5 }, 0.2)).toBe('0.2000 ≤ 0.5');
    expect(reason({ metric: 'accuracy', max_drop: 0.01 }, 0.92, 0.9561)).toBe(
      'dropped 0.0361 from 0.9561, more than max_drop 0.01',
    );
  });

  it('show the digits that tell a value from the threshold it missed', () => {
    expect(reason({ metric: 'accuracy', min: 0.9 }, 0.89996)).toBe(
      '0.89996 is below the minimum 0.9',
    );
    expect(reason({ metric: 'log_loss', max: 0.3 }, 0.3000004)).toBe(
      '0.3000004 is above the maximum 0.3',
    );
    expect(reason({ metric: 'accuracy', max_drop: 0.01 }, 0.88996, 0.9)).toBe(
      'dropped 0.01004 from 0.9000, more than max_drop 0.01',
    );
    expect(reason({ metric: 'log_loss', max_increase: 0.05 }, 0.25003, 0.2)).toBe(
      'rose 0.05003 from 0.2000, more than max_increase 0.05',
    );
  });

  it('show them for a pass that rounding would put on the wrong side, too', () => {
    expect(reason({ metric: 'accuracy', min: 0.9 }, 0.90004)).toBe('0.90004 ≥ 0.9');
    expect(reason({ metric: 'accuracy', max_drop: 0.01 }, 0.89004, 0.9)).toBe(
      'dropped 0.00996, within 0.01',
    );
  });

  it('do not print float noise for a value the gate takes as equal to the threshold', () => {
    // 0.95 − 0.94 is 0.010000000000000009 in binary: exactly the allowed drop.
    expect(reason({ metric: 'accuracy', max_drop: 0.01 }, 0.94, 0.95)).toBe(
      'dropped 0.0100, within 0.01',
    );
  });
});

describe('formatValueAgainst', () => {
  it('adds decimals until the printed value lies on its side of the threshold', () => {
    expect(formatValueAgainst(0.89996, 0.9, 1e-9)).toBe('0.89996');
    // 0.9000 would read as above a threshold it is below.
    expect(formatValueAgainst(0.89996, 0.89997, 1e-9)).toBe('0.89996');
    expect(formatValueAgainst(0.90001, 0.90002, 1e-9)).toBe('0.9000');
    expect(formatValueAgainst(-0.00004, 0, 1e-9)).toBe('−0.00004');
    expect(formatValueAgainst(3010.26, 3010.3, 1e-9)).toBe('3010.26');
    expect(formatValueAgainst(3010.24, 3010.25, 1e-9)).toBe('3010.2');
  });

  it('stops at ten decimals', () => {
    expect(formatValueAgainst(0.9 - 2e-9, 0.9, 1e-9)).toBe('0.899999998');
    expect(formatValueAgainst(0.9 - 2e-12, 0.9, 0)).toBe('0.9000000000');
  });
});
