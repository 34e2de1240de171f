import { formatValue } from '../gate/format-value.ts';
import type { Comparison, MetricRow, RunSummary } from '../gate/types.ts';
import { changeCell, valueCells } from './cells.ts';
import { escapeMarkdown, escapeShort, shortSha } from './escape.ts';
import { details, markdownTable } from './markdown-table.ts';
import { groupDigits } from '../group-digits.ts';

/**
 * The collapsed sections under the verdict table: everything a reviewer may want but should
 * not have to scroll past. Labels, paths and warnings come from the PR's run and are escaped.
 */

/** Beyond this many classes a confusion matrix is unreadable in a comment; metrics.json has it. */
const MAX_MATRIX_CLASSES = 20;
/** Per-class rows shown before the rest is left to metrics.json. */
const MAX_PER_CLASS_ROWS = 50;
const MAX_WARNINGS = 20;

/** Every metric of both runs, with its change. */
export function allMetricsTable(rows: readonly MetricRow[]): string {
  return markdownTable(
    ['Metric', 'Base', 'PR', 'Change'],
    ['left', 'right', 'right', 'left'],
    rows.map((row) => [row.label, ...valueCells(row), changeCell(row)]),
  );
}

/** Every metric of both runs, collapsed. */
export function allMetricsSection(rows: readonly MetricRow[]): string {
  return details(`All metrics (${rows.length})`, allMetricsTable(rows));
}

/** Rows are the true class, columns the predicted one (sklearn's orientation). */
export function confusionMatrixSection(run: RunSummary): string | null {
  const matrix = run.confusion_matrix;
  if (matrix === undefined || matrix.length === 0) return null;
  if (run.labels.length > MAX_MATRIX_CLASSES || matrix.length !== run.labels.length) {
    return details(
      'Confusion matrix',
      `${matrix.length} classes are too many to show here; the matrix is in metrics.json.`,
    );
  }
  const labels = run.labels.map((label) => escapeShort(label, 40));
  const table = markdownTable(
    ['true ↓ / predicted →', ...labels],
    ['left', ...labels.map(() => 'right' as const)],
    matrix.map((counts, index) => [`**${labels[index] ?? ''}**`, ...counts.map(String)]),
  );
  return details('Confusion matrix', table);
}

/** Precision, recall, F1 and support per class. */
export function perClassSection(run: RunSummary): string | null {
  const perClass = run.per_class;
  if (perClass === undefined || run.labels.length === 0) return null;
  const shown = run.labels.slice(0, MAX_PER_CLASS_ROWS);
  const table = markdownTable(
    ['Class', 'Precision', 'Recall', 'F1', 'Support'],
    ['left', 'right', 'right', 'right', 'right'],
    shown.map((label, index) => [
      escapeShort(label, 40),
      formatValue(perClass.precision[index]),
      formatValue(perClass.recall[index]),
      formatValue(perClass.f1[index]),
      String(perClass.support[index] ?? '—'),
    ]),
  );
  const rest = run.labels.length - shown.length;
  const note = rest > 0 ? `\n\n${rest} more classes are in metrics.json.` : '';
  return details('Per-class metrics', `${table}${note}`);
}

/** Warnings of the PR's run (undefined metrics, single-class folds, …). */
export function warningsSection(run: RunSummary): string | null {
  if (run.warnings.length === 0) return null;
  const shown = run.warnings
    .slice(0, MAX_WARNINGS)
    .map((warning) => `- ${escapeShort(warning, 300)}`);
  const rest = run.warnings.length - MAX_WARNINGS;
  if (rest > 0) shown.push(`- … and ${rest} more in metrics.json`);
  return details(`Warnings (${run.warnings.length})`, shown.join('\n'));
}

function seconds(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} s` : `${value.toFixed(2)} s`;
}

function runColumn(run: RunSummary, sha: string | null): string[] {
  return [
    shortSha(sha ?? run.git?.sha),
    escapeShort(run.data.path, 80),
    `${run.data.rows} (${run.n_train} train / ${run.n_test} test)`,
    shortSha(run.data.sha256),
    `${escapeShort(run.model.type, 40)}, ${groupDigits(run.model.params)} params, ${groupDigits(run.model.bytes)} bytes`,
    escapeShort(run.model.backend, 40),
    `${seconds(run.timing.train_s)} (${groupDigits(Math.round(run.timing.samples_per_s))} samples/s)`,
    seconds(run.timing.eval_s),
  ];
}

/** Data, model, backend and timing of both runs side by side. */
export function runInfoSection(comparison: Comparison): string {
  const names = [
    'Commit',
    'Data',
    'Rows',
    'Data sha256',
    'Model',
    'Backend',
    'Training',
    'Evaluation',
  ];
  const pr = runColumn(comparison.candidate.run, comparison.candidate.sha);
  const base = comparison.baseline
    ? runColumn(comparison.baseline.run, comparison.baseline.sha)
    : null;
  const rows = names.map((name, index) =>
    base === null ? [name, pr[index] ?? ''] : [name, base[index] ?? '', pr[index] ?? ''],
  );
  const table =
    base === null
      ? markdownTable(['', 'PR'], ['left', 'left'], rows)
      : markdownTable(['', 'Base', 'PR'], ['left', 'left', 'left'], rows);
  return details('Run info', table);
}

/** Escapes a branch or ref name for the footer. */
export function refName(ref: string): string {
  return `<code>${escapeMarkdown(ref)}</code>`;
}
