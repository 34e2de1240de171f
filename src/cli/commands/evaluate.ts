import { Option, type Command } from 'commander';
import { z } from 'zod';
import { BACKEND_CHOICES } from '../../core/config/schema.ts';
import { InputError } from '../../core/errors.ts';
import { TaskSchema } from '../../core/metrics-report.ts';
import { renderRunReport } from '../../core/render/run-report.ts';
import { scorePredictionsRun } from '../../train/predictions-run.ts';
import { evaluateSavedModel } from '../../train/evaluate-run.ts';
import { assertRunDirectoryTarget, writeRunDirectory } from '../../train/write-run.ts';
import { assertOutHoldsNoInput } from './out-target.ts';
import { summarizeRun } from './train.ts';

const EvaluateOptionsSchema = z.object({
  model: z.string().optional(),
  data: z.string().optional(),
  predictions: z.string().optional(),
  label: z.string().optional(),
  task: TaskSchema.optional(),
  out: z.string().optional(),
  backend: z.enum(BACKEND_CHOICES).optional(),
  json: z.boolean().optional(),
});

/** `modelgate evaluate`: metrics of a saved model on new labelled data. */
export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description(
      "Score a saved model on new labelled data, with the preprocessing it was trained with; or, with --predictions, any framework's test predictions as a run modelgate can gate and release.",
    )
    .option(
      '--model <path>',
      'model directory of a run (e.g. .modelgate/run/model); with --predictions, the model file or folder to put in the run (a folder is packed as one deterministic .tar.gz)',
    )
    .option(
      '--data <file>',
      'labelled data, CSV or JSONL, with the training columns; with --predictions, the training data to profile for drift monitoring',
    )
    .option(
      '--predictions <file>',
      "another framework's test predictions (y_true, y_pred, optionally y_score or proba_<label>, as `modelgate metrics` reads them): score them without running a model",
    )
    .option(
      '--label <column>',
      'with --predictions: the label column of --data, left out of the profile',
      'target',
    )
    .addOption(
      new Option(
        '--task <task>',
        'with --predictions: classification or regression (inferred when omitted)',
      ).choices(['classification', 'regression']),
    )
    .option(
      '--out <dir>',
      'write metrics.json and report.md into this directory (replaced as a whole)',
    )
    .addOption(
      new Option('--backend <name>', 'TensorFlow.js backend')
        .choices(BACKEND_CHOICES)
        .default('auto'),
    )
    .option('--json', 'print metrics.json to stdout')
    .action(async (raw: unknown) => {
      const options = EvaluateOptionsSchema.parse(raw);
      if (options.predictions !== undefined) {
        await evaluatePredictions({ ...options, predictions: options.predictions });
        return;
      }
      if (options.model === undefined || options.data === undefined)
        throw new InputError(
          'evaluate needs --model and --data (a saved model on labelled data), or --predictions (predictions any framework made).',
        );
      const model = options.model;
      const data = options.data;
      if (options.out !== undefined) {
        await assertRunDirectoryTarget(options.out);
        await assertOutHoldsNoInput(options.out, [
          { what: 'the model being evaluated', path: model },
          { what: 'the --data file', path: data },
        ]);
      }
      const { metrics } = await evaluateSavedModel({
        modelDir: model,
        dataPath: data,
        backend: options.backend,
      });
      if (options.out !== undefined) {
        await writeRunDirectory(options.out, {
          metrics,
          report: renderRunReport(metrics, 'modelgate evaluation', 'evaluation'),
        });
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify(metrics, null, 2)}\n`
          : summarizeRun(metrics, options.out, 'Evaluated'),
      );
    });
}

/**
 * `evaluate --predictions`: the run the Action's `predictions:` input makes, locally: the
 * metrics exactly as `modelgate metrics` computes them, the profile of --data, and the model
 * file or packed folder, written as a run directory that `compare` and a release can use.
 */
async function evaluatePredictions(
  options: z.infer<typeof EvaluateOptionsSchema> & { predictions: string },
): Promise<void> {
  if (options.out !== undefined) {
    await assertRunDirectoryTarget(options.out);
    await assertOutHoldsNoInput(options.out, [
      { what: 'the --predictions file', path: options.predictions },
      ...(options.model === undefined ? [] : [{ what: 'the --model', path: options.model }]),
      ...(options.data === undefined ? [] : [{ what: 'the --data file', path: options.data }]),
    ]);
  }
  const run = await scorePredictionsRun({
    predictions: options.predictions,
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.data === undefined ? {} : { profileData: options.data }),
    exclude: options.label === undefined ? [] : [options.label],
    ...(options.model === undefined ? {} : { model: options.model }),
  });
  if (options.out !== undefined) {
    await writeRunDirectory(options.out, {
      metrics: run.metrics,
      report: renderRunReport(run.metrics, 'modelgate evaluation', 'evaluation'),
      ...(run.profile === null ? {} : { profile: run.profile }),
      modelFiles: run.modelFiles,
      ...(run.predictionsCsv === null ? {} : { predictions: run.predictionsCsv }),
    });
  }
  process.stdout.write(
    options.json
      ? `${JSON.stringify(run.metrics, null, 2)}\n`
      : summarizeRun(run.metrics, options.out, 'Evaluated'),
  );
}
