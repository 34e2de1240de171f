/**
 * drift.json as markdown for a GitHub issue, job summary or terminal: the dataset verdict
 * first, then the columns by severity (drifted first, furthest past the threshold on top),
 * each with its test, score, threshold and a sparkline picture of both distributions on the
 * same bins. Column names and file names are untrusted and escaped.
 */
import { escapeMarkdown, escapeShort } from '../render/escape.ts';
import type { DriftFeature, DriftHistogram, DriftReport } from './drift-report-schema.ts';
import { scoreKind, type DriftTestName } from './columns/evidently-rules.ts';
import { statisticsTables } from './drift-statistics-markdown.ts';
import { wrappableName } from '../render/wrappable-name.ts';
import { groupDigits } from '../group-digits.ts';

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

/**
 * A score as tables show it: a p-value to three decimals, and `< 0.001` below that (how far
 * below is in drift.json and the statistics; the verdict is what a reader needs), a distance
 * to three significant digits.
 */
export function formatScore(score: number | null, test: DriftTestName | null): string {
  if (score === null || test === null) return '–';
  if (scoreKind(test) === 'p_value') return score < 0.001 ? '< 0.001' : score.toFixed(3);
  return score === 0 ? '0' : String(Number(score.toPrecision(3)));
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
  return `${label}: ${escapeShort(s.source, 200)} (${groupDigits(s.rows)} rows${s.kind === 'profile' ? ', profile' : ''})`;
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

/**
 * Per test: its name in the line above a table of one test, the header of its score column
 * there, and its short label in a table of mixed tests.
 */
const TEST_NAMES: Record<
  DriftTestName,
  { test: string; score: string; header: string; short: string }
> = {
  ks: { test: 'the Kolmogorov–Smirnov test', score: 'p-value', header: 'p-value', short: 'KS p' },
  chisquare: { test: 'the χ² test', score: 'p-value', header: 'p-value', short: 'χ² p' },
  z: { test: 'the Z-test for proportions', score: 'p-value', header: 'p-value', short: 'Z-test p' },
  wasserstein: {
    test: 'the Wasserstein distance (normed)',
    score: 'distance',
    header: 'Distance',
    short: 'Wasserstein',
  },
  jensenshannon: {
    test: 'the Jensen–Shannon distance',
    score: 'distance',
    header: 'Distance',
    short: 'Jensen–Shannon',
  },
  psi: { test: 'the population stability index', score: 'PSI', header: 'PSI', short: 'PSI' },
};

/** The test and threshold that every tested column shares, or null when they differ. */
function sharedTest(features: readonly DriftFeature[]): DriftFeature | null {
  const tested = features.filter((f) => f.status === 'ok' && f.test !== null);
  const [first] = tested;
  if (first === undefined) return null;
  const same = tested.every((f) => f.test === first.test && f.threshold === first.threshold);
  return same ? first : null;
}

/** `KS p-value ≤ 0.05`: the test and when it counts as drift, for a table of mixed tests. */
function testCell(feature: DriftFeature): string {
  if (feature.test === null) return '–';
  return `${TEST_NAMES[feature.test].short} ${formatThreshold(feature)}`;
}

function row(feature: DriftFeature, mixed: boolean): string {
  const name = wrappableName(feature.name);
  if (feature.status === 'error') {
    const reason = `not tested: ${escapeMarkdown(feature.error ?? 'unknown error')}`;
    return mixed ? `| ⚠️ | ${name} | ${reason} | | |` : `| ⚠️ | ${name} | ${reason} | |`;
  }
  const score = formatScore(feature.score, feature.test);
  return mixed
    ? `| ${status(feature)} | ${name} | ${testCell(feature)} | ${score} | ${picture(feature)} |`
    : `| ${status(feature)} | ${name} | ${score} | ${picture(feature)} |`;
}

/**
 * The per-column table: four columns when every column had the same test (said once above
 * the table), else the test and its threshold in a column of their own.
 */
function columnTable(shown: readonly DriftFeature[], all: readonly DriftFeature[]): string[] {
  const shared = sharedTest(all);
  if (shared === null || shared.test === null) {
    return [
      '| | Column | Test, drift when | Score | Reference / current (same bins) |',
      '|:-:|---|---|--:|---|',
      ...shown.map((feature) => row(feature, true)),
    ];
  }
  const names = TEST_NAMES[shared.test];
  return [
    `Each column was tested with ${names.test}; it drifted when the ${names.score} is ${formatThreshold(shared)}.`,
    '',
    `| | Column | ${names.header} | Reference / current (same bins) |`,
    '|:-:|---|--:|---|',
    ...shown.map((feature) => row(feature, false)),
  ];
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
    ...columnTable(shown, ordered),
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
      ...statisticsTables(tested.slice(0, MAX_TABLE_ROWS), (feature) =>
        wrappableName(feature.name),
      ),
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
