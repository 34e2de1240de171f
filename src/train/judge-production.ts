import type { PerformanceMonitor } from '../core/config/schema.ts';
import { validateGateRules } from '../core/config/validate-gate.ts';
import {
  buildPerformanceReport,
  type PerformanceReport,
} from '../core/performance/performance-report.ts';
import type { ProductionMeasure } from './measure-production.ts';

/**
 * Judges a released model's measured production performance by the `monitor.performance`
 * rules against the release's own metrics; the CLI's `monitor` and the Action's `monitor`
 * mode both call this, so a local run and the scheduled one reach the same verdict.
 */
export function judgeProduction(input: {
  measure: ProductionMeasure;
  releaseTag: string;
  releaseMetrics: Record<string, number | null>;
  settings: PerformanceMonitor;
  /** The config file the rules came from, named in front of a rule's message. */
  source?: string;
}): PerformanceReport {
  const { measure, settings } = input;
  const prep = measure.preprocessing;
  validateGateRules(settings.rules, {
    task: prep.task,
    classes: prep.task === 'classification' ? prep.classes.length : undefined,
    key: 'monitor.performance.rules',
    ...(input.source === undefined ? {} : { source: input.source }),
  });
  const warnings = [...measure.warnings];
  if (measure.realised === null && measure.estimated === null) {
    warnings.push(
      'The data has no labels and the model has no calibrator (CBPE estimates binary classifiers only), so no rule could be judged.',
    );
  }
  return buildPerformanceReport({
    releaseTag: input.releaseTag,
    task: prep.task,
    releaseMetrics: input.releaseMetrics,
    rows: measure.rows,
    labelledRows: measure.labelledRows,
    realised: measure.realised,
    estimated: measure.estimated,
    rules: settings.rules,
    tolerance: settings.tolerance,
    warnings,
  });
}
