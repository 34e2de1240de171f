import { formatDelta, formatValue } from '../gate/format-value.ts';
import { escapeMermaidText, shortSha } from './escape.ts';
import { markdownTable } from './markdown-table.ts';

/** The primary metric at one commit of a pull request, oldest first. */
export interface TrendPoint {
  readonly sha: string;
  /** null when the run at this commit had no value (failed run, undefined metric). */
  readonly value: number | null;
  /** What the axis and table show instead of the short sha (a monitoring run's `#id`). */
  readonly label?: string;
}

/** How the trend chart is labelled. */
export interface TrendOptions {
  /** Display name of the metric, e.g. "Accuracy". */
  readonly metric?: string;
  /** The baseline value, drawn as a flat second line for reference. */
  readonly baseline?: number | null;
  /** What the points are, for the title and the table's first column; commits by default. */
  readonly points?: { title: string; column: string };
}

/** Axis and table label of a point: its own label, else its short sha. */
function pointLabel(point: TrendPoint): string {
  return point.label === undefined ? shortSha(point.sha) : escapeMermaidText(point.label);
}

/** Commits drawn in the chart; more would crowd the axis into unreadable labels. */
export const MAX_CHART_POINTS = 30;
/** Commits listed in the trend table. */
export const MAX_TABLE_POINTS = 50;

/** Significant digits of a chart number when the axis span does not ask for more. */
const CHART_DIGITS = 6;
/** Beyond 17 significant digits a double has nothing more to show. */
const MAX_CHART_DIGITS = 17;

/**
 * `value` rounded to `digits` significant digits, in plain decimal notation: mermaid's
 * xychart grammar reads numbers as `[+-]?(\d+(\.\d+)?|\.\d+)`, so the exponent form that
 * `String()` gives below 1e-6 and from 1e21 up (`2e-7`, `1e+21`) breaks the whole chart.
 */
export function plainDecimal(value: number, digits: number = CHART_DIGITS): string {
  if (!Number.isFinite(value)) throw new Error(`A chart number must be finite, got ${value}.`);
  if (value === 0) return '0';
  // "-2.00000e-7": sign, the significant digits, the power of ten of the first digit.
  const [mantissa = '', power = '0'] = value.toExponential(digits - 1).split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const significant = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(power);
  let whole: string;
  let fraction: string;
  if (exponent >= 0) {
    const padded = significant.padEnd(exponent + 1, '0');
    whole = padded.slice(0, exponent + 1);
    fraction = padded.slice(exponent + 1);
  } else {
    whole = '0';
    fraction = '0'.repeat(-exponent - 1) + significant;
  }
  fraction = fraction.replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * Significant digits that keep points on an axis from `low` to `high` apart: six, or more
 * when the span is tiny next to the values (1000000.1 vs 1000000.2).
 */
function chartDigits(low: number, high: number): number {
  const magnitude = Math.max(Math.abs(low), Math.abs(high));
  const span = high - low;
  if (!(span > 0) || magnitude === 0) return CHART_DIGITS;
  const needed = Math.ceil(Math.log10(magnitude / span)) + 3;
  return Math.min(MAX_CHART_DIGITS, Math.max(CHART_DIGITS, needed));
}

function axisRange(values: readonly number[]): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  // A flat series would give an empty axis; pad by 10% of the span, or a small fixed step.
  const pad = high > low ? (high - low) * 0.1 : Math.max(Math.abs(high) * 0.01, 0.001);
  // Near ±Number.MAX_VALUE the padding overflows to infinity, which no chart can draw.
  const padded: [number, number] = [low - pad, high + pad];
  return padded.every(Number.isFinite) ? padded : [low, high];
}

/**
 * A mermaid `xychart-beta` line chart of the metric over the PR's commits; GitHub renders it
 * in comments and summaries without any image hosting. Commits without a value are left out
 * of the chart (mermaid lines cannot have gaps) but stay in the trend table. Returns an empty
 * string when fewer than two commits have a value, since one point is not a trend. Only
 * the latest MAX_CHART_POINTS commits are drawn.
 */
export function renderTrendChart(
  points: readonly TrendPoint[],
  options: TrendOptions = {},
): string {
  const plotted = points
    .filter(
      (point): point is TrendPoint & { value: number } =>
        point.value !== null && Number.isFinite(point.value),
    )
    .slice(-MAX_CHART_POINTS);
  if (plotted.length < 2) return '';
  const metric = escapeMermaidText(options.metric ?? 'metric') || 'metric';
  const baseline =
    options.baseline !== undefined && options.baseline !== null && Number.isFinite(options.baseline)
      ? options.baseline
      : null;
  const values = plotted.map((point) => point.value);
  const [low, high] = axisRange(baseline === null ? values : [...values, baseline]);
  const digits = chartDigits(low, high);
  const chartNumber = (value: number) => plainDecimal(value, digits);
  const lines = [
    '```mermaid',
    'xychart-beta',
    `    title "${metric} ${escapeMermaidText(options.points?.title ?? 'per commit of this pull request')}"`,
    // Quoted: a short sha such as 1234567 would otherwise parse as a number.
    `    x-axis [${plotted.map((point) => `"${pointLabel(point)}"`).join(', ')}]`,
    `    y-axis "${metric}" ${chartNumber(low)} --> ${chartNumber(high)}`,
    `    line [${values.map(chartNumber).join(', ')}]`,
  ];
  if (baseline !== null) {
    lines.push(`    line [${plotted.map(() => chartNumber(baseline)).join(', ')}]`);
  }
  lines.push('```');
  return lines.join('\n');
}

/**
 * The trend as a table: commit, value, and change from the previous commit; the latest
 * MAX_TABLE_POINTS commits, with a line saying how many earlier ones were left out.
 */
export function renderTrendTable(
  points: readonly TrendPoint[],
  options: TrendOptions = {},
): string {
  let previous: number | null = null;
  const hidden = Math.max(0, points.length - MAX_TABLE_POINTS);
  for (const point of points.slice(0, hidden)) if (point.value !== null) previous = point.value;
  const rows = points.slice(hidden).map((point) => {
    const change =
      previous !== null && point.value !== null
        ? formatDelta(point.value - previous, point.value)
        : '—';
    if (point.value !== null) previous = point.value;
    return [`\`${pointLabel(point)}\``, formatValue(point.value), change];
  });
  const metric = options.metric === undefined ? 'Value' : escapeMermaidText(options.metric);
  const column = options.points?.column ?? 'Commit';
  const table = markdownTable([column, metric, 'Change'], ['left', 'right', 'left'], rows);
  const unit = options.points === undefined ? 'commits' : 'points';
  return hidden > 0 ? `${table}\n\n${hidden} earlier ${unit} are not shown.` : table;
}
