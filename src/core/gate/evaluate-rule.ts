import type { GateBound, GateRule } from '../config/schema.ts';
import { formatThreshold, formatValue, formatValueAgainst } from './format-value.ts';
import type { RuleResult, RuleStatus } from './types.ts';

/**
 * Slack for comparing a value with a threshold. Metrics arrive as rounded decimals, so
 * 0.95 − 0.94 is 0.010000000000000009 in binary; without slack a `max_drop: 0.01` would fail
 * on exactly the drop it allows.
 */
const EPSILON = 1e-9;

/** The bound a rule sets and its threshold (a rule sets exactly one; the schema ensures it). */
export function ruleBound(rule: GateRule): { bound: GateBound; threshold: number } {
  if ('min' in rule) return { bound: 'min', threshold: rule.min };
  if ('max' in rule) return { bound: 'max', threshold: rule.max };
  if ('max_drop' in rule) return { bound: 'max_drop', threshold: rule.max_drop };
  return { bound: 'max_increase', threshold: rule.max_increase };
}

/** What the rule column shows: `≥ 0.9`, `≤ 0.5`, `drop ≤ 0.01`, `rise ≤ 0.05`. */
export function describeRule(bound: GateBound, threshold: number): string {
  const value = formatThreshold(threshold);
  switch (bound) {
    case 'min':
      return `≥ ${value}`;
    case 'max':
      return `≤ ${value}`;
    case 'max_drop':
      return `drop ≤ ${value}`;
    case 'max_increase':
      return `rise ≤ ${value}`;
  }
}

interface RuleInput {
  readonly rule: GateRule;
  readonly index: number;
  /** Undefined: the metric is absent from the PR's metrics.json; null: it is undefined there. */
  readonly candidate: number | null | undefined;
  /** Undefined: no baseline run at all; null: the baseline lacks this metric. */
  readonly base: number | null | undefined;
}

/** Evaluates one rule. A relative rule without a baseline is skipped, never failed. */
export function evaluateRule({ rule, index, candidate, base }: RuleInput): RuleResult {
  const { bound, threshold } = ruleBound(rule);
  const result = (status: RuleStatus, reason: string): RuleResult => ({
    index,
    metric: rule.metric,
    bound,
    threshold,
    status,
    reason,
  });
  const relative = bound === 'max_drop' || bound === 'max_increase';
  if (relative && base === undefined) return result('skipped', 'skipped (no baseline)');
  if (candidate === undefined) {
    return result('fail', `${rule.metric} is missing from this run's metrics`);
  }
  if (candidate === null) {
    return result('fail', `${rule.metric} is undefined in this run (see warnings)`);
  }
  // As many decimals as it takes to see on which side of the threshold the value lies.
  const value = formatValueAgainst(candidate, threshold, EPSILON);
  const limit = formatThreshold(threshold);
  switch (bound) {
    case 'min':
      return candidate >= threshold - EPSILON
        ? result('pass', `${value} ≥ ${limit}`)
        : result('fail', `${value} is below the minimum ${limit}`);
    case 'max':
      return candidate <= threshold + EPSILON
        ? result('pass', `${value} ≤ ${limit}`)
        : result('fail', `${value} is above the maximum ${limit}`);
    case 'max_drop':
    case 'max_increase': {
      if (base === null || base === undefined) {
        return result('skipped', `skipped (the baseline has no ${rule.metric})`);
      }
      // Positive `worsening` is movement in the bad direction, in metric units.
      const worsening = bound === 'max_drop' ? base - candidate : candidate - base;
      const verb = bound === 'max_drop' ? 'dropped' : 'rose';
      if (worsening <= EPSILON) {
        return result('pass', bound === 'max_drop' ? 'no drop' : 'no rise');
      }
      const amount = formatValueAgainst(worsening, threshold, EPSILON);
      return worsening <= threshold + EPSILON
        ? result('pass', `${verb} ${amount}, within ${limit}`)
        : result(
            'fail',
            `${verb} ${amount} from ${formatValue(base)}, more than ${bound} ${limit}`,
          );
    }
  }
}
