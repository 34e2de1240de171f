/**
 * drift.json as markdown for a GitHub issue, job summary or terminal: the dataset verdict
 * first, then the columns by severity (drifted first, furthest past the threshold on top),
 * each with its test, score, threshold and a sparkline picture of both distributions on the
 * same bins. Column names and file names are untrusted and escaped.
 */
import { escapeMarkdown, escapeShort } from '../render/escape.ts';
import type { DriftFeature, DriftHistogram, DriftReport } from './drift-report-schema.ts';
import { scoreKind, type DriftTestName } from './columns/evidently-rules.ts';

/** Rows of the main table; the rest are counted and left to drift.json. */
export const MAX_TABLE_ROWS = 60;

/** How each test is named in tables (markdown and the CLI's text). */
export const TEST_LABELS: Record<DriftTestName, string> = {
  ks: 'Kolmogorov–Smirnov p',
  wasserstein: 'Wasserstein (normed)',
  jensenshannon: 'Jensen–Shannon',
  chisquare: 'χ² p',
  z: 'Z-test p',
  psi: 'PSI',
};

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One block per bin, scaled to the larger peak of the two sides; an empty bin is a dot. */
export function sparklines(histogram: DriftHistogram): { reference: string; current: string } {
  const peak = Math.max(...histogram.reference, ...histogram.current, Number.MIN_VALUE);
  const line = (shares: readonly number[]) =>
    shares
      .map((share) =>
        share <= 0
          ? '·'
          : (BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((share / peak) * BLOCKS.length))] ??
            '█'),
      )
      .join('');
  return { reference: line(histogram.reference), current: line(histogram.current) };
}

/** A score as tables show it: three significant digits, tiny p-values in exponent form. */
export function formatScore(score: number | null, test: DriftTestName | null): string {
  if (score === null || test === null) return '–';
  if (score === 0) return '0';
  if (scoreKind(test) === 'p_value' && score < 0.001) return score.toExponential(2);
  return String(Number(score.toPrecision(3)));
}

/** `< 0.05` for a p-value test, `≥ 0.1` for a distance: when the column counts as drifted. */
export function formatThreshold(feature: DriftFeature): string {
  if (feature.test === null || feature.threshold === null) return '–';
  const sign = feature.test === 'ks' ? '≤' : scoreKind(feature.test) === 'p_value' ? '<' : '≥';
  return `${sign} ${feature.threshold}`;
}

/** How far past (positive) or short of (negative) its threshold a feature is, on a log scale. */
export function severity(feature: DriftFeature): number {
  if (
    feature.status === 'error' ||
    feature.test === null ||
    feature.score === null ||
    feature.threshold === null
  ) {
    return -Infinity;
  }
  const score = Math.max(feature.score, Number.MIN_VALUE);
  return scoreKind(feature.test) === 'p_value'
    ? Math.log(feature.threshold / score)
    : Math.log(score / feature.threshold);
}

/** Drifted columns first, then columns that could not be tested, then the rest; by severity within each. */
export function orderBySeverity(features: readonly DriftFeature[]): DriftFeature[] {
  const rank = (f: DriftFeature) => (f.drifted ? 0 : f.status === 'error' ? 1 : 2);
  return [...features].sort((a, b) => rank(a) - rank(b) || severity(b) - severity(a));
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

function headline(report: DriftReport): string {
  const { number_of_drifted_columns: drifted, number_of_columns: columns } = report;
  const detail = `${drifted} of ${columns} column${columns === 1 ? '' : 's'} drifted (${percent(report.share_of_drifted_columns)}; dataset drift from ${percent(report.drift_share)})`;
  if (columns === 0) return '### ⚠️ No column could be tested';
  return report.dataset_drift
    ? `### 🔴 Data drift detected: ${detail}`
    : `### 🟢 No dataset drift: ${detail}`;
}

function side(label: string, s: DriftReport['reference']): string {
  // Escaped text, not a code span: entities are not decoded inside backticks.
  return `${label}: ${escapeShort(s.source, 200)} (${s.rows.toLocaleString('en-US')} rows${s.kind === 'profile' ? ', profile' : ''})`;
}

function status(feature: DriftFeature): string {
  if (feature.status === 'error') return '⚠️';
  return feature.drifted ? '🔴' : '🟢';
}

function picture(feature: DriftFeature): string {
  if (feature.histogram === undefined) return '';
  const lines = sparklines(feature.histogram);
  return `\`${lines.reference}\` ref<br>\`${lines.current}\` cur`;
}

function row(feature: DriftFeature): string {
  const name = escapeShort(feature.name);
  if (feature.status === 'error') {
    return `| ⚠️ | ${name} | not tested: ${escapeMarkdown(feature.error ?? 'unknown error')} | | | |`;
  }
  const test = feature.test === null ? '–' : TEST_LABELS[feature.test];
  return `| ${status(feature)} | ${name} | ${test} | ${formatScore(feature.score, feature.test)} | ${formatThreshold(feature)} | ${picture(feature)} |`;
}

function num(x: number | undefined, digits = 4): string {
  if (x === undefined) return '–';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(digits)));
}

function detailsRow(feature: DriftFeature): string {
  const sizes = `${feature.n_reference.toLocaleString('en-US')} / ${feature.n_current.toLocaleString('en-US')}`;
  const dropped =
    feature.dropped.reference.missing +
    feature.dropped.reference.infinite +
    feature.dropped.current.missing +
    feature.dropped.current.infinite;
  const ks = feature.ks
    ? `${num(feature.ks.statistic)} (p ${num(feature.ks.p_value)}, ${feature.ks.method})`
    : '–';
  const chi2 = feature.chi2
    ? `${num(feature.chi2.statistic)} (p ${num(feature.chi2.p_value)}, dof ${feature.chi2.dof})`
    : '–';
  const mean = feature.summary
    ? `${num(feature.summary.reference.mean)} → ${num(feature.summary.current.mean)}`
    : '–';
  return `| ${escapeShort(feature.name)} | ${feature.type} | ${sizes} | ${dropped} | ${mean} | ${ks} | ${num(feature.wasserstein)} | ${chi2} | ${num(feature.psi)} | ${num(feature.js_distance)} |`;
}

/** Renders a drift report as GitHub-flavoured markdown. */
export function renderDriftMarkdown(report: DriftReport): string {
  const ordered = orderBySeverity(report.features);
  const shown = ordered.slice(0, MAX_TABLE_ROWS);
  const lines = [
    headline(report),
    '',
    `${side('Reference', report.reference)} · ${side('Current', report.current)}`,
    '',
    '| | Column | Test | Score | Drift when | Distribution (same bins) |',
    '|:-:|---|---|--:|--:|---|',
    ...shown.map(row),
  ];
  if (ordered.length > shown.length) {
    lines.push('', `… and ${ordered.length - shown.length} more columns, listed in drift.json.`);
  }
  const tested = ordered.filter((f) => f.status === 'ok');
  if (tested.length > 0) {
    lines.push(
      '',
      '<details><summary>All statistics</summary>',
      '',
      '| Column | Type | n ref / cur | Dropped | Mean ref → cur | KS D | Wasserstein | χ² (contingency) | PSI | JS distance |',
      '|---|---|--:|--:|--:|---|--:|---|--:|--:|',
      ...tested.slice(0, MAX_TABLE_ROWS).map(detailsRow),
      '',
      'PSI and JS distance use ten reference-quantile bins (numerical) or the categories; the test, score and threshold follow Evidently’s defaults unless a method or threshold was set.',
      '',
      '</details>',
    );
  }
  if (report.warnings.length > 0) {
    lines.push('', ...report.warnings.map((warning) => `> ⚠️ ${escapeMarkdown(warning)}`));
  }
  return `${lines.join('\n')}\n`;
}
