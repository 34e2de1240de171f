import type { SideIntervals } from '../../core/significance/intervals.ts';
import type { Pairing } from '../../core/significance/pairing.ts';
import type { SignificanceMetrics } from '../../core/significance/significance.ts';
import type { Interval } from '../../core/significance/proportion.ts';
import {
  describeTest,
  summarizeTest,
  TESTED_METRICS,
  type TestedMetric,
} from '../../core/significance/summary.ts';

function interval(ci: Interval | null | undefined): string {
  return ci ? `[${ci[0].toFixed(4)}, ${ci[1].toFixed(4)}]` : '(undefined)';
}

function pairingLine(output: SignificanceOutput): string {
  const { pairing } = output;
  const level = `${output.confidence * 100}% confidence`;
  if (pairing.by === 'position') {
    return `Paired ${pairing.paired_rows} rows by position; ${level}.`;
  }
  const conflicts =
    pairing.conflicting_rows > 0
      ? ` (${pairing.conflicting_rows} with the same id but another y_true were left out)`
      : '';
  const counts = `${pairing.paired_rows} of ${pairing.baseline_rows} baseline and ${pairing.candidate_rows} candidate rows`;
  if (!output.paired) {
    return `Unpaired: only ${counts} share a row_id${conflicts}, too few for a paired test; each model's intervals only, ${level}.`;
  }
  return `Paired ${counts} by row_id${conflicts}; ${level}.`;
}

/** The text `modelgate significance` prints without `--json`. */
export function renderSignificance(output: SignificanceOutput): string {
  const lines = [pairingLine(output), ''];
  const names = new Set([
    ...Object.keys(output.intervals.baseline),
    ...Object.keys(output.intervals.candidate),
  ]);
  for (const name of ['accuracy', 'mae', 'mse'] as const) {
    if (!names.has(name)) continue;
    const b = output.intervals.baseline[name];
    const c = output.intervals.candidate[name];
    lines.push(
      `${name.padEnd(9)} baseline ${b ? `${b.value.toFixed(4)} ${interval(b.ci)}` : '-'}   candidate ${c ? `${c.value.toFixed(4)} ${interval(c.ci)}` : '-'}`,
    );
  }
  const alpha = 1 - output.confidence;
  const tested = Object.keys(TESTED_METRICS).filter((m): m is TestedMetric =>
    Object.hasOwn(output.metrics, m),
  );
  if (tested.length > 0) lines.push('');
  for (const metric of tested) {
    if (metric === 'roc_auc' && output.metrics.roc_auc === null) {
      lines.push('roc_auc   undefined: y_true holds one class only');
      continue;
    }
    const summary = summarizeTest({ ...output, metrics: output.metrics }, metric);
    if (!summary) continue;
    const ci = summary.diff_ci ? ` difference ${interval(summary.diff_ci)};` : '';
    lines.push(
      `${metric.padEnd(9)}${ci} ${summary.test}: ${describeTest(summary, summary.p_value, alpha)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What `modelgate significance --json` prints; `n`, `confidence`, `metrics` as DEFINITIONS.md. */
export interface SignificanceOutput {
  readonly n: number;
  readonly confidence: number;
  readonly paired: boolean;
  readonly pairing: Pairing;
  /** The paired tests; empty when the rows could not be paired. */
  readonly metrics: SignificanceMetrics;
  /** Each model's intervals on its own rows. */
  readonly intervals: { readonly baseline: SideIntervals; readonly candidate: SideIntervals };
}
