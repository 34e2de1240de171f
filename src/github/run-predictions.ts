import { RUN_FILES } from '../core/constants.ts';
import { DataSummarySchema, type DataSummary } from '../core/data-diff/data-summary-schema.ts';
import { InputError } from '../core/errors.ts';
import type { RunReport } from '../flows/ports.ts';
import type { RunArtifact } from './artifact.ts';
import { parsePredictionsCsv } from './predictions-csv.ts';
import { parseUntrustedJson } from './untrusted-json.ts';

/**
 * The predictions.csv of a downloaded report, parsed strictly against the run's own
 * metrics.json. A bad file does not reject the report: the gate can still judge the metrics,
 * so the file is dropped and the problem said beside the verdict — the rules then apply as
 * without significance, so a bad file can never pass a gate that would otherwise fail.
 */
export function readRunPredictions(
  artifact: Pick<RunArtifact, 'metrics' | 'predictions'>,
  runId: number,
): Pick<RunReport, 'predictions' | 'predictionsCsv' | 'predictionsProblem'> {
  const none = { predictions: null, predictionsCsv: null };
  if (artifact.predictions === null) return { ...none, predictionsProblem: null };
  const label = `artifact of run ${runId}: ${RUN_FILES.predictions}`;
  try {
    const predictions = parsePredictionsCsv(artifact.predictions, artifact.metrics, label);
    // parsePredictionsCsv has decoded it as strict UTF-8 already.
    const predictionsCsv = Buffer.from(artifact.predictions).toString('utf8');
    return { predictions, predictionsCsv, predictionsProblem: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ...none, predictionsProblem: error.message };
  }
}

/**
 * The data-summary.json of a downloaded report, validated (sizes, hashes, profile). Like
 * predictions.csv, a bad file does not reject the report: the data section is left out and
 * the problem said, since the data section informs the reviewer and never decides the gate.
 */
export function readRunDataSummary(
  artifact: Pick<RunArtifact, 'dataSummary'>,
  runId: number,
): { dataSummary: DataSummary | null; dataSummaryProblem: string | null } {
  if (artifact.dataSummary === null) return { dataSummary: null, dataSummaryProblem: null };
  const label = `artifact of run ${runId}: ${RUN_FILES.dataSummary}`;
  try {
    const dataSummary = parseUntrustedJson(artifact.dataSummary, DataSummarySchema, label);
    return { dataSummary, dataSummaryProblem: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { dataSummary: null, dataSummaryProblem: error.message };
  }
}
