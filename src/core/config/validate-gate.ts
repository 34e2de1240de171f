import { InputError } from '../errors.ts';
import type { Task } from '../metrics-report.ts';
import { isMetricName, metricDirection, metricKeys } from '../metrics/registry.ts';
import { isTestedMetric, TESTED_METRICS } from '../significance/summary.ts';
import { didYouMean } from './did-you-mean.ts';
import type { GateRule } from './schema.ts';

/**
 * Checks what the schema cannot: that each gate rule names a metric the task produces and
 * uses the bound that fits the metric's direction. Runs when the config is parsed (against
 * `task` when the config states it, else against every metric) and again when runs are
 * compared, where the task is known from metrics.json.
 */
export function validateGateRules(
  rules: readonly GateRule[],
  options: { task?: Task | undefined; source?: string | undefined } = {},
): void {
  const prefix = options.source === undefined ? '' : `${options.source}: `;
  const problems: string[] = [];
  rules.forEach((rule, index) => {
    const where = `${prefix}gate[${index}]`;
    const valid =
      options.task === undefined
        ? [...new Set([...metricKeys('classification'), ...metricKeys('regression')])]
        : metricKeys(options.task);
    if (!isMetricName(rule.metric) || !valid.includes(rule.metric)) {
      const kind = options.task === undefined ? 'known' : options.task;
      problems.push(
        `${where}.metric '${rule.metric}' is not a ${kind} metric${didYouMean(rule.metric, valid)}; expected one of ${valid.join(', ')}.`,
      );
      return;
    }
    const direction = metricDirection(rule.metric);
    if ('max_drop' in rule && direction === 'lower') {
      problems.push(
        `${where}: max_drop is for metrics where higher is better, but a lower ${rule.metric} is better; use max_increase.`,
      );
    }
    if ('significance' in rule && rule.significance !== undefined && !isTestedMetric(rule.metric)) {
      problems.push(
        `${where}: significance needs a paired test, which exists for ${Object.keys(TESTED_METRICS).join(', ')}, not ${rule.metric}; drop significance or gate one of those.`,
      );
    }
    if ('max_increase' in rule && direction === 'higher') {
      problems.push(
        `${where}: max_increase is for metrics where lower is better, but a higher ${rule.metric} is better; use max_drop.`,
      );
    }
  });
  if (problems.length > 0) throw new InputError(problems.join('\n'));
}
