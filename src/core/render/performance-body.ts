import { describeRule } from '../gate/evaluate-rule.ts';
import { formatDelta, formatValue } from '../gate/format-value.ts';
import { METRIC_NAMES, metricLabel } from '../metrics/registry.ts';
import { ESTIMATED_METRICS } from '../performance/cbpe.ts';
import type { PerformanceReport } from '../performance/performance-report.ts';
import { escapeShort, markdownLink } from './escape.ts';
import { markdownTable } from './markdown-table.ts';
import { renderTrendChart, renderTrendTable, type TrendPoint } from './trend-chart.ts';

/** What a performance issue body (or a comment on it) is made of. */
export interface PerformanceBodyInput {
  report: PerformanceReport;
  releaseTag: string;
  /** The monitoring run: its workflow name, id and page. */
  run: { id: number; name: string; htmlUrl: string };
  /** The judged metric over the release's monitoring runs, oldest first (this run last). */
  trend?: { metric: string; points: readonly TrendPoint[] };
}

/** The assumption CBPE rests on, said wherever an estimate is shown. */
export const CBPE_ASSUMPTION =
  "Estimated with confidence-based performance estimation (CBPE, as NannyML defines it): the model's probabilities, calibrated on its test split, give each row's expected share of the confusion matrix. It assumes **no concept shift**: the inputs may drift, but the chance of each label given the inputs is what it was at training.";

function label(metric: string): string {
  return (METRIC_NAMES as readonly string[]).includes(metric)
    ? metricLabel(metric)
    : escapeShort(metric, 60);
}

function metricsTable(report: PerformanceReport): string {
  const judged = report.rules.map((rule) => rule.metric);
  const shown = [...new Set([...judged, ...(report.estimated ? ESTIMATED_METRICS : [])])];
  const estimated: Record<string, number | null> = report.estimated ?? {};
  const rows = shown.map((metric) => {
    const release = report.release_metrics[metric] ?? null;
    const now = (report.realised ?? estimated)[metric] ?? null;
    const row = [label(metric), formatValue(release)];
    if (report.realised !== null) row.push(formatValue(report.realised[metric] ?? null));
    if (report.estimated !== null) row.push(formatValue(estimated[metric] ?? null));
    row.push(release === null || now === null ? '—' : formatDelta(now - release, now));
    return row;
  });
  const header = ['Metric', 'Release'];
  if (report.realised !== null) header.push('Realised');
  if (report.estimated !== null) header.push('Estimated (CBPE)');
  header.push('Change');
  return markdownTable(header, ['left', ...header.slice(1).map(() => 'right' as const)], rows);
}

function trustLine(report: PerformanceReport): string {
  const trust = report.trust;
  if (trust === null) return '';
  const tolerance = formatValue(trust.tolerance);
  if (trust.trusted) {
    return `The estimate agrees with the realised metrics within the tolerance ${tolerance}.`;
  }
  const estimated: Record<string, number | null> = report.estimated ?? {};
  const worst = Object.entries(trust.differences).sort(
    (a, b) => Math.abs(b[1]) - Math.abs(a[1]),
  )[0];
  const detail =
    worst === undefined
      ? ''
      : ` ${label(worst[0])}: estimated ${formatValue(estimated[worst[0]] ?? null)}, realised ${formatValue(report.realised?.[worst[0]] ?? null)}.`;
  return `**The estimate cannot be trusted**: estimated and realised disagree by more than the tolerance ${tolerance}.${detail} The relation between the inputs and the label has likely changed (concept shift), which CBPE assumes away; judge by the realised metrics.`;
}

/**
 * Body of a performance issue or of a comment on it: which release and run, the verdict, the
 * release's metrics beside the realised and estimated ones, the rules, whether the estimate
 * can be trusted, and the judged metric's trend over monitoring runs. The Action and the App
 * write the same text.
 */
export function performanceBodyFor(input: PerformanceBodyInput): string {
  const { report, run } = input;
  const runLink = markdownLink(`${escapeShort(run.name, 80)} #${run.id}`, run.htmlUrl);
  const tag = escapeShort(input.releaseTag, 60);
  const basis =
    report.basis === 'realised'
      ? `realised metrics on ${report.labelled_rows} labelled rows`
      : report.basis === 'estimated'
        ? `CBPE's estimates on ${report.rows} unlabelled rows`
        : `nothing: the ${report.rows} rows have no labels and this model has no calibrator to estimate from`;
  const verdict = report.performance_drop
    ? `**Performance dropped** (judged on ${basis}).`
    : `No performance drop (judged on ${basis}).`;
  const failed = report.rules.filter((rule) => rule.status === 'fail');
  const rules = markdownTable(
    ['Rule', 'Verdict', 'Why'],
    ['left', 'left', 'left'],
    report.rules.map((rule) => [
      `${label(rule.metric)} ${describeRule(rule.bound, rule.threshold)}`,
      rule.status,
      escapeShort(rule.reason, 200),
    ]),
  );
  const parts = [
    `Production data of model **${tag}**, checked by ${runLink}.`,
    verdict,
    metricsTable(report),
    rules,
  ];
  if (failed.length > 0) {
    parts.push(`Failed: ${failed.map((rule) => escapeShort(rule.reason, 200)).join('; ')}.`);
  }
  const trust = trustLine(report);
  if (trust !== '') parts.push(trust);
  if (report.estimated !== null) parts.push(`> ${CBPE_ASSUMPTION}`);
  if (input.trend !== undefined && input.trend.points.length > 0) {
    const options = {
      metric: label(input.trend.metric),
      baseline: report.release_metrics[input.trend.metric] ?? null,
      points: { title: 'per monitoring run of this release', column: 'Run' },
    };
    const chart = renderTrendChart(input.trend.points, options);
    parts.push(
      `### ${options.metric} over monitoring runs`,
      ...(chart === '' ? [] : [chart]),
      renderTrendTable(input.trend.points, options),
    );
  }
  if (report.warnings.length > 0) {
    parts.push(report.warnings.map((w) => `- ${escapeShort(w, 300)}`).join('\n'));
  }
  return parts.join('\n\n');
}
