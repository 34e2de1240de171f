import {
  TEST_LABELS,
  formatScore,
  formatThreshold,
  orderBySeverity,
  sparklines,
} from '../../core/drift/drift-markdown.ts';
import type { DriftFeature, DriftReport } from '../../core/drift/drift-report-schema.ts';
import type { Style } from './style.ts';
import { textTable } from './text-table.ts';
import { groupDigits } from '../../core/group-digits.ts';

/**
 * `modelgate drift` for a terminal or a CI log: the dataset verdict and one line per column,
 * drifted first, with the same test, score, threshold and sparklines as the drift issue.
 * Column names come from the data; control characters are replaced so a hostile header cannot
 * move the cursor or recolour the terminal.
 */

/** Rows printed; the rest are counted (drift.json has them all). */
const MAX_ROWS = 60;

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '�');
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

function headline(report: DriftReport, style: Style): string {
  const { number_of_drifted_columns: drifted, number_of_columns: columns } = report;
  if (columns === 0) return style.warn('! No column could be tested');
  const detail = `${drifted} of ${columns} column${columns === 1 ? '' : 's'} drifted (${percent(report.share_of_drifted_columns)}; dataset drift from ${percent(report.drift_share)})`;
  return report.dataset_drift
    ? style.bad(style.bold(`✗ Data drift detected: ${detail}`))
    : style.good(style.bold(`✓ No dataset drift: ${detail}`));
}

function side(label: string, s: DriftReport['reference']): string {
  const rows = `${groupDigits(s.rows)} rows${s.kind === 'profile' ? ', profile' : ''}`;
  return `${label}: ${printable(s.source)} (${rows})`;
}

function row(feature: DriftFeature, style: Style): string[] {
  const name = printable(feature.name);
  if (feature.status === 'error') {
    return [style.warn('!'), name, 'not tested (below)'];
  }
  const lines = feature.histogram === undefined ? undefined : sparklines(feature.histogram);
  return [
    feature.drifted ? style.bad('✗') : style.good('✓'),
    name,
    feature.test === null ? '–' : TEST_LABELS[feature.test],
    formatScore(feature.score, feature.test),
    formatThreshold(feature),
    lines?.reference ?? '',
    lines?.current ?? '',
  ];
}

/** The drift report as text; ends with a newline. */
export function renderDriftText(report: DriftReport, style: Style): string {
  const ordered = orderBySeverity(report.features);
  const shown = ordered.slice(0, MAX_ROWS);
  const parts = [
    headline(report, style),
    `${side('Reference', report.reference)}\n${side('Current', report.current)}`,
    textTable(
      ['', 'Column', 'Test', 'Score', 'Drift when', 'Reference', 'Current'],
      ['left', 'left', 'left', 'right', 'right', 'left', 'left'],
      shown.map((feature) => row(feature, style)),
    ),
  ];
  const untested = shown.filter((feature) => feature.status === 'error');
  if (untested.length > 0) {
    const reasons = untested.map(
      (feature) =>
        `${printable(feature.name)} not tested: ${printable(feature.error ?? 'unknown error')}`,
    );
    parts.push(style.warn(reasons.join('\n')));
  }
  if (ordered.length > shown.length) {
    parts.push(`… and ${ordered.length - shown.length} more columns, listed in drift.json.`);
  }
  if (report.warnings.length > 0) {
    parts.push(report.warnings.map((warning) => style.warn(`! ${printable(warning)}`)).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
