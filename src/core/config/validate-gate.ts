import { InputError } from '../errors.ts';
import type { Task } from '../metrics-report.ts';
import {
  BINARY_METRICS,
  CLASSIFICATION_METRICS,
  MULTICLASS_METRICS,
  isMetricName,
  metricDirection,
  metricKeys,
  type MetricName,
} from '../metrics/registry.ts';
import { isTestedMetric, TESTED_METRICS } from '../significance/summary.ts';
import { didYouMean } from './did-you-mean.ts';
import type { GateRule } from './schema.ts';

/**
 * The same measure in the other report shape: a binary report's `f1` is the positive class's,
 * a multiclass one averages per class. Edit distance cannot find these (`roc_auc` is ten
 * edits from `roc_auc_ovr_macro`), and they are what a user moving between the two means.
 */
const COUNTERPART: Partial<Record<MetricName, MetricName>> = {
  precision: 'precision_macro',
  recall: 'recall_macro',
  f1: 'f1_macro',
  roc_auc: 'roc_auc_ovr_macro',
  roc_auc_ovr_macro: 'roc_auc',
  roc_auc_ovr_weighted: 'roc_auc',
  roc_auc_ovo_macro: 'roc_auc',
};

/** Keys a classification report on `classes` classes holds. */
function classificationKeys(classes: number): MetricName[] {
  return [...CLASSIFICATION_METRICS, ...(classes <= 2 ? BINARY_METRICS : MULTICLASS_METRICS)];
}

/** Why a classification metric is missing for this number of classes, with its counterpart. */
function wrongShape(metric: MetricName, classes: number, valid: readonly string[]): string {
  const shape = classes <= 2 ? 'three classes or more' : 'two classes';
  const counterpart = COUNTERPART[metric];
  const hint =
    counterpart !== undefined && valid.includes(counterpart)
      ? ` (did you mean '${counterpart}'?)`
      : '';
  return `is for ${shape}, but the label has ${classes}${hint}`;
}

/** Where rules come from and what is known of the data they will judge. */
export interface GateRuleScope {
  task?: Task | undefined;
  /** Classes of the label, once the data is read: splits binary from multiclass keys. */
  classes?: number | undefined;
  /** The file, named in front of every message. */
  source?: string | undefined;
  /** The rules' key path in the config: `gate` (the default) or `monitor.performance.rules`. */
  key?: string | undefined;
}

/**
 * Checks what the schema cannot: that each gate rule names a metric the task produces and
 * uses the bound that fits the metric's direction. Runs when the config is parsed (against
 * `task` when the config states it, else against every metric), again once training has read
 * the data (task and classes known, before any epoch runs), and when runs are compared,
 * where the task is known from metrics.json.
 */
export function validateGateRules(rules: readonly GateRule[], options: GateRuleScope = {}): void {
  const problems = gateRuleProblems(rules, options);
  if (problems.length > 0) throw new InputError(problems.join('\n'));
}

/**
 * What `validateGateRules` would say, one sentence per problem, for a caller that reports
 * several lists of rules together (the config's `gate` and `monitor.performance.rules`).
 */
export function gateRuleProblems(rules: readonly GateRule[], options: GateRuleScope): string[] {
  const prefix = options.source === undefined ? '' : `${options.source}: `;
  const key = options.key ?? 'gate';
  const problems: string[] = [];
  rules.forEach((rule, index) => {
    const where = `${prefix}${key}[${index}]`;
    const { task, classes } = options;
    const valid =
      task === undefined
        ? [...new Set([...metricKeys('classification'), ...metricKeys('regression')])]
        : task === 'classification' && classes !== undefined
          ? classificationKeys(classes)
          : metricKeys(task);
    if (
      isMetricName(rule.metric) &&
      !valid.includes(rule.metric) &&
      task === 'classification' &&
      classes !== undefined &&
      metricKeys(task).includes(rule.metric)
    ) {
      problems.push(
        `${where}.metric '${rule.metric}' ${wrongShape(rule.metric, classes, valid)}; expected one of ${valid.join(', ')}.`,
      );
      return;
    }
    if (!isMetricName(rule.metric) || !valid.includes(rule.metric)) {
      const kind = task === undefined ? 'known' : task;
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
  return problems;
}
