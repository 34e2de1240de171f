import * as core from '@actions/core';
import type { MetricsReport } from '../core/metrics-report.ts';
import { primaryMetric } from '../core/metrics/registry.ts';
import { OUTPUTS } from './outputs.ts';

/** A metric value as a step output: its shortest exact decimal, or empty when undefined. */
function outputValue(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Sets the metric outputs of a run: `accuracy` (classification), the task's primary metric
 * and its name, and every metric as JSON. A metric that is undefined for this data (AUC with
 * one class in the test split) is an empty string, which workflow expressions read as false.
 */
export function setMetricOutputs(report: MetricsReport): void {
  const primary = primaryMetric(report.task);
  if (report.task === 'classification')
    core.setOutput(OUTPUTS.accuracy, outputValue(report.metrics.accuracy));
  core.setOutput(OUTPUTS.primaryMetric, outputValue(report.metrics[primary]));
  core.setOutput(OUTPUTS.primaryMetricName, primary);
  core.setOutput(OUTPUTS.metrics, JSON.stringify(report.metrics));
}
