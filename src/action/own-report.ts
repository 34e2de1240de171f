import { RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import type { ReportEvidence } from '../core/gate/verdict.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { parsePredictionsCsv } from '../github/predictions-csv.ts';

/**
 * This run's report as the gate reads it from the artifact: its predictions.csv parsed by the
 * same strict reader, so a file the App would refuse is refused here too, with the same note.
 */
export function ownReport(metrics: MetricsReport, predictionsCsv: string | null): ReportEvidence {
  // A predictions run whose file had no per-row ids keeps none: the rules' bounds decide alone.
  if (predictionsCsv === null)
    return { kind: 'ok', metrics, predictions: null, predictionsProblem: null };
  try {
    const bytes = new TextEncoder().encode(predictionsCsv);
    const predictions = parsePredictionsCsv(bytes, metrics, RUN_FILES.predictions);
    return { kind: 'ok', metrics, predictions, predictionsProblem: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { kind: 'ok', metrics, predictions: null, predictionsProblem: error.message };
  }
}
