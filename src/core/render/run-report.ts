import { formatValue } from '../gate/format-value.ts';
import type { MetricsReport } from '../metrics-report.ts';
import { isMetricName, metricKeys, metricLabel, primaryMetric } from '../metrics/registry.ts';
import { escapeShort, shortSha } from './escape.ts';
import { markdownTable } from './markdown-table.ts';
import { confusionMatrixSection, perClassSection, warningsSection } from './run-details.ts';
import { groupDigits } from '../group-digits.ts';

function seconds(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} s` : `${value.toFixed(2)} s`;
}

function count(value: number): string {
  return groupDigits(Math.round(value));
}

/** Metric keys in the registry's order for the task, then any other key the report holds. */
function orderedMetrics(report: MetricsReport): string[] {
  const known: string[] = metricKeys(report.task).filter((key) => key in report.metrics);
  const extra = Object.keys(report.metrics)
    .filter((key) => !known.includes(key))
    .sort();
  return [...known, ...extra];
}

/**
 * `report.md` of a run: what `modelgate train` and `evaluate` write next to metrics.json, and
 * what the artifact carries for a human. The primary metric leads; every value, path and
 * label comes from the run (a pull request's data), so text is escaped.
 */
export function renderRunReport(
  report: MetricsReport,
  title = 'modelgate run',
  kind: 'training' | 'evaluation' = 'training',
): string {
  const primary = primaryMetric(report.task);
  // Only a training run's test rows were held out of its training; `evaluate` scores
  // whatever file it was given, which may well be the training data itself.
  const scored =
    kind === 'training'
      ? `${count(report.n_test)} held-out rows`
      : `${count(report.n_test)} rows of ${escapeShort(report.data.path, 80)}`;
  const headline = `**${metricLabel(primary)}: ${formatValue(report.metrics[primary])}** on ${scored} (${report.task}).`;
  const metrics = markdownTable(
    ['Metric', 'Value'],
    ['left', 'right'],
    orderedMetrics(report).map((key) => [
      isMetricName(key) ? metricLabel(key) : escapeShort(key, 60),
      formatValue(report.metrics[key]),
    ]),
  );
  const run = markdownTable(
    ['Property', 'Value'],
    ['left', 'left'],
    [
      [
        'Data',
        `${escapeShort(report.data.path, 80)} (${count(report.data.rows)} rows, sha256 ${shortSha(report.data.sha256)})`,
      ],
      kind === 'training'
        ? ['Split', `${count(report.n_train)} train / ${count(report.n_test)} test`]
        : ['Rows', `${count(report.n_test)} evaluated`],
      [
        'Model',
        `${escapeShort(report.model.type, 60)}, ${count(report.model.params)} params, ${count(report.model.bytes)} bytes`,
      ],
      ['Backend', escapeShort(report.model.backend, 40)],
      ...(kind === 'training'
        ? [
            [
              'Training',
              `${seconds(report.timing.train_s)} (${count(report.timing.samples_per_s)} samples/s)`,
            ],
          ]
        : []),
      ['Evaluation', seconds(report.timing.eval_s)],
      [
        'Commit',
        report.git?.sha
          ? `${shortSha(report.git.sha)}${report.git.ref ? ` (${escapeShort(report.git.ref, 80)})` : ''}`
          : 'unknown',
      ],
    ],
  );
  const sections = [
    `# ${escapeShort(title, 80)}`,
    headline,
    '## Metrics',
    metrics,
    '## Run',
    run,
    perClassSection(report),
    confusionMatrixSection(report),
    warningsSection(report),
  ];
  return `${sections.filter((section): section is string => section !== null).join('\n\n')}\n`;
}
