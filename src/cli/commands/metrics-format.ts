import type { PredictionMetricsOutput } from '../../core/metrics/prediction-metrics.ts';
import { metricLabel } from '../../core/metrics/registry.ts';

/** The JSON `modelgate metrics --json` prints (its type lives with the scoring, in core). */
export type { PredictionMetricsOutput };

/** Four decimals for everyday magnitudes, scientific notation for very large or tiny ones. */
export function formatValue(value: number | null): string {
  if (value === null) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4)) return value.toExponential(4);
  return value.toFixed(4);
}

/** Left-aligns the first column and right-aligns the others, like a terminal table should. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** Human-readable report: metrics, then (classification) confusion matrix and per-class scores. */
export function renderPredictionMetrics(output: PredictionMetricsOutput): string {
  const lines: string[] = [];
  const count = output.labels.length;
  const labelNote =
    output.task === 'classification' ? `, ${count} label${count === 1 ? '' : 's'}` : '';
  lines.push(`${output.data.path}: ${output.data.rows} rows, ${output.task}${labelNote}`, '');
  lines.push(
    ...table([
      ['Metric', 'Value'],
      ...Object.entries(output.metrics).map(([key, value]) => [
        metricLabel(key),
        formatValue(value),
      ]),
    ]),
  );
  if (output.confusion_matrix) {
    lines.push('', 'Confusion matrix (rows: true label, columns: predicted label)');
    lines.push(
      ...table([
        ['', ...output.labels],
        ...output.confusion_matrix.map((row, r) => [output.labels[r] ?? '', ...row.map(String)]),
      ]),
    );
  }
  if (output.per_class) {
    const { precision, recall, f1, support } = output.per_class;
    lines.push('', 'Per label');
    lines.push(
      ...table([
        ['Label', 'Precision', 'Recall', 'F1', 'Support'],
        ...output.labels.map((label, i) => [
          label,
          formatValue(precision[i] ?? null),
          formatValue(recall[i] ?? null),
          formatValue(f1[i] ?? null),
          String(support[i] ?? 0),
        ]),
      ]),
    );
  }
  if (output.warnings.length > 0) {
    lines.push('', 'Warnings');
    lines.push(...output.warnings.map((warning) => `- ${warning}`));
  }
  return `${lines.join('\n')}\n`;
}
