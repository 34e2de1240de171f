import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { MetricsReportSchema, type MetricsReport } from '../core/metrics-report.ts';
import type { PredictionSet } from '../core/significance/pairing.ts';
import { parsePredictionsCsv } from '../github/predictions-csv.ts';

/** True when `path` exists and is a file. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads and validates `metrics.json` of a run directory. `release` runs after a `train` step
 * of the same job; without one there is nothing to release, which the message says.
 */
export async function readRunMetrics(runDir: string, mode: string): Promise<MetricsReport> {
  const path = join(runDir, RUN_FILES.metrics);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(
      `'${mode}' mode needs the output of a 'train' step, but ${path} does not exist: add a step with \`mode: train\` before it in the same job, with the same 'run-dir'.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const result = MetricsReportSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `${path} is not a modelgate metrics.json: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}.`,
    );
  }
  return result.data;
}

/**
 * predictions.csv of a run directory, checked as the gate checks an artifact's (the release
 * judges with it); nulls when the run kept none or it does not match metrics.json, and then
 * the rules apply as without significance.
 */
export async function readRunPredictionsFile(
  runDir: string,
  metrics: MetricsReport,
): Promise<{ predictions: PredictionSet | null; predictionsCsv: string | null }> {
  const path = join(runDir, RUN_FILES.predictions);
  if (!(await isFile(path))) return { predictions: null, predictionsCsv: null };
  const bytes = await readFile(path);
  try {
    const predictions = parsePredictionsCsv(bytes, metrics, path);
    return { predictions, predictionsCsv: bytes.toString('utf8') };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { predictions: null, predictionsCsv: null };
  }
}
