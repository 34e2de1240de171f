import { describe, expect, it } from 'vitest';
import type { GateRule } from '../../../src/core/config/schema.ts';
import { InputError } from '../../../src/core/errors.ts';
import { compareRuns, gateOutcome } from '../../../src/core/gate/compare.ts';
import { BASE_SHA, classificationRun, regressionRun } from './fixtures.ts';

const rules: GateRule[] = [
  { metric: 'accuracy', min: 0.9 },
  { metric: 'accuracy', max_drop: 0.01 },
  { metric: 'log_loss', max_increase: 0.05 },
];

describe('compareRuns', () => {
  it('passes when every rule holds, with direction-aware changes', () => {
    const c = compareRuns({
      baseline: classificationRun({ accuracy: 0.95, log_loss: 0.2, f1_macro: 0.94 }),
      candidate: classificationRun({ accuracy: 0.96, log_loss: 0.18, f1_macro: 0.94 }),
      rules,
      baselineSha: BASE_SHA,
    });
    expect(c.schema).toBe('modelgate/comparison@1');
    expect(c.verdict).toBe('pass');
    expect(gateOutcome(c)).toBe('pass');
    expect(c.baseline?.sha).toBe(BASE_SHA);
    expect(c.metrics.map((row) => [row.metric, row.change])).toEqual([
      ['accuracy', 'improved'],
      ['log_loss', 'improved'],
      ['f1_macro', 'unchanged'],
    ]);
    const accuracy = c.metrics[0];
    expect(accuracy?.delta).toBeCloseTo(0.01, 12);
    expect(accuracy?.rules.map((rule) => rule.status)).toEqual(['pass', 'pass']);
    expect(c.counts).toEqual({
      rules: 3,
      passed: 3,
      failed: 0,
      skipped: 0,
      improved: 2,
      regressed: 0,
      unchanged: 1,
    });
  });

  it('fails a drop beyond max_drop and names the amount', () => {
    const c = compareRuns({
      baseline: classificationRun({ accuracy: 0.9561, log_loss: 0.2 }),
      candidate: classificationRun({ accuracy: 0.9211, log_loss: 0.31 }),
      rules,
    });
    expect(c.verdict).toBe('fail');
    expect(gateOutcome(c)).toBe('fail');
    expect(c.failures.map((rule) => [rule.index, rule.reason])).toEqual([
      [1, 'dropped 0.0350 from 0.9561, more than max_drop 0.01'],
      [2, 'rose 0.1100 from 0.2000, more than max_increase 0.05'],
    ]);
    expect(c.metrics.find((row) => row.metric === 'log_loss')?.change).toBe('regressed');
  });

  it('allows exactly the drop the rule allows despite binary rounding', () => {
    // 0.95 - 0.94 is 0.010000000000000009 in binary floating point.
    const c = compareRuns({
      baseline: classificationRun({ accuracy: 0.95 }),
      candidate: classificationRun({ accuracy: 0.94 }),
      rules: [{ metric: 'accuracy', max_drop: 0.01 }],
    });
    expect(c.rules[0]).toMatchObject({ status: 'pass', reason: 'dropped 0.0100, within 0.01' });
  });

  it('skips relative rules without a baseline and still applies absolute ones', () => {
    const c = compareRuns({
      baseline: null,
      candidate: classificationRun({ accuracy: 0.93, log_loss: 0.2 }),
      rules,
    });
    expect(c.rules.map((rule) => [rule.status, rule.reason])).toEqual([
      ['pass', '0.9300 ≥ 0.9'],
      ['skipped', 'skipped (no baseline)'],
      ['skipped', 'skipped (no baseline)'],
    ]);
    expect(c.verdict).toBe('pass');
    expect(gateOutcome(c)).toBe('no-baseline');
    expect(c.metrics.every((row) => row.change === 'not-comparable')).toBe(true);
  });

  it('fails an absolute rule even without a baseline', () => {
    const c = compareRuns({
      baseline: null,
      candidate: classificationRun({ accuracy: 0.85 }),
      rules: [{ metric: 'accuracy', min: 0.9 }],
    });
    expect(gateOutcome(c)).toBe('fail');
    expect(c.failures[0]?.reason).toBe('0.8500 is below the minimum 0.9');
  });

  it('fails a rule whose metric is missing or undefined in the candidate', () => {
    const c = compareRuns({
      baseline: classificationRun({ accuracy: 0.9, roc_auc: 0.97 }),
      candidate: classificationRun({ accuracy: 0.91, roc_auc: null }, { warnings: ['one class'] }),
      rules: [
        { metric: 'roc_auc', min: 0.9 },
        { metric: 'log_loss', max: 0.5 },
      ],
    });
    expect(c.failures.map((rule) => rule.reason)).toEqual([
      'roc_auc is undefined in this run (see warnings)',
      "log_loss is missing from this run's metrics",
    ]);
    const logLoss = c.metrics.find((row) => row.metric === 'log_loss');
    expect(logLoss).toMatchObject({ base: null, candidate: null, verdict: 'fail' });
  });

  it('skips a relative rule when the baseline lacks the metric, and marks it new', () => {
    const c = compareRuns({
      baseline: classificationRun({ accuracy: 0.9 }),
      candidate: classificationRun({ accuracy: 0.9, log_loss: 0.3 }),
      rules: [{ metric: 'log_loss', max_increase: 0.1 }],
    });
    expect(c.rules[0]).toMatchObject({
      status: 'skipped',
      reason: 'skipped (the baseline has no log_loss)',
    });
    expect(c.metrics.find((row) => row.metric === 'log_loss')?.change).toBe('new');
    expect(gateOutcome(c)).toBe('pass');
  });

  it('checks max and lower-is-better regression metrics', () => {
    const c = compareRuns({
      baseline: regressionRun({ mae: 43.1, mse: 2900.5, rmse: 53.86, r2: 0.45 }),
      candidate: regressionRun({ mae: 42.2, mse: 3010.2, rmse: 54.86, r2: 0.43 }),
      rules: [
        { metric: 'mae', max: 45 },
        { metric: 'r2', max_drop: 0.01 },
      ],
    });
    expect(c.primary_metric).toBe('r2');
    expect(c.rules.map((rule) => rule.status)).toEqual(['pass', 'fail']);
    expect(c.metrics.map((row) => [row.metric, row.change])).toEqual([
      ['mae', 'improved'],
      ['r2', 'regressed'],
      ['mse', 'regressed'],
      ['rmse', 'regressed'],
    ]);
  });

  it('rejects a rule against the metric direction or on an unknown metric', () => {
    const candidate = classificationRun({ accuracy: 0.9, log_loss: 0.3 });
    expect(() =>
      compareRuns({ baseline: null, candidate, rules: [{ metric: 'log_loss', max_drop: 0.1 }] }),
    ).toThrow(/gate\[0\]: max_drop is for metrics where higher is better.*use max_increase/);
    expect(() =>
      compareRuns({ baseline: null, candidate, rules: [{ metric: 'r2', min: 0.1 }] }),
    ).toThrow(InputError);
  });

  it('refuses to compare runs of different tasks', () => {
    expect(() =>
      compareRuns({
        baseline: regressionRun({ r2: 0.4 }),
        candidate: classificationRun({ accuracy: 0.9 }),
        rules: [],
      }),
    ).toThrow('The baseline is a regression run but this run is classification');
  });

  it('takes the baseline sha from its metrics.json when not given', () => {
    const c = compareRuns({
      baseline: classificationRun({ accuracy: 0.9 }, { git: { sha: BASE_SHA, ref: 'main' } }),
      candidate: classificationRun({ accuracy: 0.9 }),
      rules: [],
    });
    expect(c.baseline?.sha).toBe(BASE_SHA);
    expect(c.counts.rules).toBe(0);
    expect(gateOutcome(c)).toBe('pass');
  });
});
