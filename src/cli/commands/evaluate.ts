import { Option, type Command } from 'commander';
import { z } from 'zod';
import { BACKEND_CHOICES } from '../../core/config/schema.ts';
import { renderRunReport } from '../../core/render/run-report.ts';
import { evaluateSavedModel } from '../../train/evaluate-run.ts';
import { assertRunDirectoryTarget, writeRunDirectory } from '../../train/write-run.ts';
import { assertOutHoldsNoInput } from './out-target.ts';
import { summarizeRun } from './train.ts';

const EvaluateOptionsSchema = z.object({
  model: z.string(),
  data: z.string(),
  out: z.string().optional(),
  backend: z.enum(BACKEND_CHOICES).optional(),
  json: z.boolean().optional(),
});

/** `modelgate evaluate`: metrics of a saved model on new labelled data. */
export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Score a saved model on new labelled data, with the preprocessing it was trained with.',
    )
    .requiredOption('--model <dir>', 'model directory of a run (e.g. .modelgate/run/model)')
    .requiredOption('--data <file>', 'labelled data, CSV or JSONL, with the training columns')
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
      if (options.out !== undefined) {
        await assertRunDirectoryTarget(options.out);
        await assertOutHoldsNoInput(options.out, [
          { what: 'the model being evaluated', path: options.model },
          { what: 'the --data file', path: options.data },
        ]);
      }
      const { metrics } = await evaluateSavedModel({
        modelDir: options.model,
        dataPath: options.data,
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
