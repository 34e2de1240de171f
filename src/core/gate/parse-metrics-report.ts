import { formatIssue } from '../config/format-issue.ts';
import { PREDICTION_METRICS_SCHEMA } from '../constants.ts';
import { InputError } from '../errors.ts';
import { parseJsonText } from '../json-text.ts';
import { MetricsReportSchema, type MetricsReport } from '../metrics-report.ts';

/**
 * Parses a metrics.json from its text, as untrusted input: invalid JSON or a schema mismatch
 * is an InputError naming the file and the field — `candidate.json: metrics.accuracy must be
 * a number, got "high"` — never a zod dump.
 */
export function parseMetricsReport(text: string, source: string): MetricsReport {
  const data = parseJsonText(text, source, 'a metrics.json written by modelgate train');
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(
      `${source} must hold a JSON object (a metrics.json written by modelgate train).`,
    );
  }
  if ('schema' in data && data.schema === PREDICTION_METRICS_SCHEMA) {
    // The likeliest mix-up: `modelgate metrics --json` output has metrics but no run data.
    throw new InputError(
      `${source} is the output of \`modelgate metrics\` (${PREDICTION_METRICS_SCHEMA}), which has no run data to compare; expected a metrics.json written by modelgate train or evaluate.`,
    );
  }
  const result = MetricsReportSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const [first] = result.error.issues;
  const more = result.error.issues.length - 1;
  const detail =
    first === undefined
      ? 'does not match the metrics.json schema'
      : formatIssue(MetricsReportSchema, first);
  throw new InputError(
    `${source}: ${detail}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}.`,
  );
}
