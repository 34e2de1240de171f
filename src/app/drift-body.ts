import type { DriftReport } from '../core/drift/drift-report.ts';
import { formatValue } from '../core/gate/format-value.ts';
import { escapeShort, markdownLink } from '../core/render/escape.ts';
import { markdownTable } from '../core/render/markdown-table.ts';
import type { RunRef } from './handler-context.ts';

export interface DriftBodyInput {
  report: DriftReport;
  run: RunRef;
  releaseTag: string;
}

/** Body of a drift issue or comment: what was checked, then the engine's per-feature table. */
export function driftBodyFor({ report, run, releaseTag }: DriftBodyInput): string {
  const share = `${Math.round(report.drift_share * 100)}%`;
  const verdict = report.dataset_drift
    ? `**Data drift**: ${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted (the threshold is ${share} of the columns).`
    : `**No data drift**: ${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted, below the threshold of ${share}.`;
  const intro = [
    `Production data checked against the training data of model ${escapeShort(releaseTag, 60)} by ${markdownLink(`${escapeShort(run.name, 80)} #${run.id}`, run.htmlUrl)}.`,
    '',
    verdict,
  ].join('\n');
  return `${intro}\n\n${featureTable(report)}`;
}

/** Most features listed; drifted ones come first, so a wide table still shows what matters. */
const MAX_FEATURES = 200;

function featureTable(report: DriftReport): string {
  const features = [...report.features]
    .sort((a, b) => Number(b.drifted) - Number(a.drifted))
    .slice(0, MAX_FEATURES);
  const rows = features.map((feature) => [
    escapeShort(feature.name, 80),
    feature.type,
    feature.test ?? '—',
    feature.score === null ? '—' : formatValue(feature.score),
    feature.threshold === null ? '—' : formatValue(feature.threshold),
    feature.status === 'error'
      ? `not tested: ${escapeShort(feature.error ?? 'error', 120)}`
      : feature.drifted
        ? '🔴 drifted'
        : '🟢 stable',
  ]);
  const table = markdownTable(
    ['Feature', 'Type', 'Test', 'Score', 'Threshold', 'Verdict'],
    ['left', 'left', 'left', 'right', 'right', 'left'],
    rows,
  );
  const more = report.features.length - features.length;
  return more > 0 ? `${table}\n\n_${more} more features are in drift.json._` : table;
}
