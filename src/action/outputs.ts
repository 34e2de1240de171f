/**
 * Names of the step outputs declared in `action.yml`. Workflows read them as
 * `steps.<id>.outputs.<name>`, so renaming one breaks users' workflows; `test/action` checks
 * that this list and `action.yml` agree.
 */
export const OUTPUTS = {
  accuracy: 'accuracy',
  primaryMetric: 'primary-metric',
  primaryMetricName: 'primary-metric-name',
  metrics: 'metrics',
  gate: 'gate',
  reportPath: 'report-path',
  tag: 'tag',
  drift: 'drift',
  performanceDrop: 'performance-drop',
} as const;

/** One of the output names. */
export type OutputName = (typeof OUTPUTS)[keyof typeof OUTPUTS];
