import { Option, type Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { TaskSchema } from '../../core/metrics-report.ts';
import { sideIntervals } from '../../core/significance/intervals.ts';
import { MIN_PAIRED_SHARE, pairPredictions } from '../../core/significance/pairing.ts';
import {
  assertConfidence,
  compareOnRows,
  DEFAULT_CONFIDENCE,
} from '../../core/significance/significance.ts';
import { renderSignificance, type SignificanceOutput } from './significance-format.ts';
import { ROW_ID_COLUMN, readPredictionSet } from './significance-input.ts';

/** Commander has already checked the choices; zod turns its untyped record into types. */
const OptionsSchema = z.object({
  baseline: z.string(),
  candidate: z.string(),
  task: TaskSchema.optional(),
  confidence: z.string().optional(),
  json: z.boolean().optional(),
});

function parseConfidence(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONFIDENCE;
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new InputError(
      `--confidence ${JSON.stringify(text)} is not a number; expected a level in (0, 1) such as 0.95.`,
    );
  }
  assertConfidence(value);
  return value;
}

/** Pairs and compares two predictions files; what `significance --json` prints. */
export async function compareSignificance(options: {
  baseline: string;
  candidate: string;
  task?: 'classification' | 'regression';
  confidence?: number;
}): Promise<SignificanceOutput> {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  assertConfidence(confidence);
  const baseline = await readPredictionSet(options.baseline, options.task);
  // The baseline decides the task when none is given, so both files are read the same way.
  const candidate = await readPredictionSet(options.candidate, baseline.task);
  const { rows, pairing } = pairPredictions(baseline, candidate);
  const intervals = {
    baseline: sideIntervals(baseline, confidence),
    candidate: sideIntervals(candidate, confidence),
  };
  if (rows === null) {
    return { n: pairing.paired_rows, confidence, paired: false, pairing, metrics: {}, intervals };
  }
  const result = compareOnRows(rows, confidence);
  return { ...result, paired: true, pairing, intervals };
}

/** `modelgate significance`: is the difference between two models' predictions real? */
export function registerSignificanceCommand(program: Command): void {
  program
    .command('significance')
    .description(
      'Compare two models on the same rows: confidence intervals and paired tests (exact McNemar, DeLong, paired t).',
    )
    .requiredOption('--baseline <file>', 'predictions of the baseline model (CSV or JSONL)')
    .requiredOption('--candidate <file>', 'predictions of the candidate model, same layout')
    .addOption(
      new Option('--task <task>', 'classification or regression; inferred when omitted').choices([
        'classification',
        'regression',
      ]),
    )
    .option('--confidence <level>', `confidence level in (0, 1) (default ${DEFAULT_CONFIDENCE})`)
    .option('--json', 'print JSON instead of text')
    .addHelpText(
      'after',
      [
        '',
        `Files have the columns of 'modelgate metrics' (y_true, y_pred, optionally y_score) and`,
        `optionally "${ROW_ID_COLUMN}". With ${ROW_ID_COLUMN} in both, rows pair by id and rows on one side only`,
        `are left out; when fewer than ${MIN_PAIRED_SHARE * 100}% of either file's rows pair, only each model's`,
        `intervals are given (the comparison is unpaired). Without ${ROW_ID_COLUMN}, the files must hold the`,
        'same rows in the same order.',
        '',
        'Examples:',
        '  $ modelgate significance --baseline main.csv --candidate pr.csv --task classification',
        '  $ modelgate significance --baseline main.csv --candidate pr.csv --confidence 0.99 --json',
      ].join('\n'),
    )
    .action(async (raw: unknown) => {
      const options = OptionsSchema.parse(raw);
      const output = await compareSignificance({
        baseline: options.baseline,
        candidate: options.candidate,
        task: options.task,
        confidence: parseConfidence(options.confidence),
      });
      process.stdout.write(
        options.json ? `${JSON.stringify(output, null, 2)}\n` : renderSignificance(output),
      );
    });
}
