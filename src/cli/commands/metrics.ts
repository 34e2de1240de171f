import { Option, type Command } from 'commander';
import { z } from 'zod';
import { scorePredictionTable } from '../../core/metrics/prediction-metrics.ts';
import { TaskSchema, type Task } from '../../core/metrics-report.ts';
import { readTable } from '../../data/read-table.ts';
import { renderPredictionMetrics, type PredictionMetricsOutput } from './metrics-format.ts';
import { MAX_INFERRED_CLASSES, PROBA_PREFIX } from '../../core/metrics/predictions-input.ts';

/** Commander has already checked the choices; zod turns its untyped record into types. */
const MetricsOptionsSchema = z.object({
  predictions: z.string(),
  task: TaskSchema.optional(),
  zeroDivision: z.enum(['0', '1']),
  json: z.boolean().optional(),
});

/** Scores a predictions file; returns what `--json` prints. */
export async function computePredictionMetrics(options: {
  predictions: string;
  task?: Task;
  zeroDivision?: 0 | 1;
}): Promise<PredictionMetricsOutput> {
  const table = await readTable(options.predictions);
  return scorePredictionTable(table, {
    ...(options.task === undefined ? {} : { task: options.task }),
    zeroDivision: options.zeroDivision ?? 0,
  });
}

/** `modelgate metrics`: scikit-learn-compatible metrics of any model's predictions. */
export function registerMetricsCommand(program: Command): void {
  program
    .command('metrics')
    .description("Compute the metrics of any model's predictions, as scikit-learn 1.2.1 does.")
    .requiredOption(
      '--predictions <file>',
      `CSV or JSONL with columns y_true and y_pred, optionally y_score (binary: probability of the greater label) or ${PROBA_PREFIX}<label> per label`,
    )
    .addOption(
      new Option(
        '--task <task>',
        `classification or regression; inferred when omitted: classification when a label is text, probability columns are present, or every value is an integer, y_pred only uses values of y_true and there are at most ${MAX_INFERRED_CLASSES}; else regression`,
      ).choices(['classification', 'regression']),
    )
    .addOption(
      new Option('--zero-division <value>', 'precision/recall where they divide by zero')
        .choices(['0', '1'])
        .default('0'),
    )
    .option('--json', 'print JSON instead of tables')
    .addHelpText(
      'after',
      [
        '',
        'Predictions file layouts (one row per sample; CSV, TSV or JSON Lines):',
        ...[
          ['y_true,y_pred', 'labels only, or numbers for regression'],
          ['y_true,y_pred,y_score', 'binary: y_score = probability of the greater label'],
          ['', 'one label only: ROC AUC and log loss are null, with a warning'],
          [
            `y_true,y_pred,${PROBA_PREFIX}a,${PROBA_PREFIX}b,${PROBA_PREFIX}c`,
            'one probability column per label',
          ],
        ].map(([layout, meaning]) => `  ${(layout ?? '').padEnd(40)}${meaning ?? ''}`),
        '',
        'Examples:',
        '  $ modelgate metrics --predictions predictions.csv',
        '  $ modelgate metrics --predictions predictions.csv --zero-division 1 --json',
      ].join('\n'),
    )
    .action(async (raw: unknown) => {
      const options = MetricsOptionsSchema.parse(raw);
      const output = await computePredictionMetrics({
        predictions: options.predictions,
        task: options.task,
        zeroDivision: options.zeroDivision === '1' ? 1 : 0,
      });
      process.stdout.write(
        options.json ? `${JSON.stringify(output, null, 2)}\n` : renderPredictionMetrics(output),
      );
    });
}
