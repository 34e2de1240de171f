import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { BACKEND_CHOICES } from '../../core/config/schema.ts';
import { DEFAULT_RUN_DIR } from '../../core/constants.ts';
import { formatValue } from '../../core/gate/format-value.ts';
import { countOf } from '../../core/name-list.ts';
import type { MetricsReport } from '../../core/metrics-report.ts';
import { metricKeys, metricLabel, primaryMetric } from '../../core/metrics/registry.ts';
import { renderRunReport } from '../../core/render/run-report.ts';
import { createProgress, progressMode } from '../../train/progress.ts';
import { resolveTrainConfig } from '../../train/resolve-config.ts';
import { trainAndEvaluate } from '../../train/train-run.ts';
import { assertRunDirectoryTarget, writeRunDirectory } from '../../train/write-run.ts';
import { assertOutHoldsNoInput } from './out-target.ts';

const TrainOptionsSchema = z.object({
  config: z.string().optional(),
  data: z.string().optional(),
  label: z.string().optional(),
  out: z.string(),
  backend: z.enum(BACKEND_CHOICES).optional(),
  json: z.boolean().optional(),
  epochs: z.number().int().positive().optional(),
});

/** Commander argument parser for a positive integer flag. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}".`);
  }
  return number;
}

/** A few lines for a person: what was trained, the headline metrics, where the files are. */
export function summarizeRun(
  report: MetricsReport,
  outDir: string | undefined,
  verb: string,
): string {
  const primary = primaryMetric(report.task);
  const keys = metricKeys(report.task).filter((key) => key in report.metrics && key !== primary);
  const shown = [primary, ...keys.slice(0, 4)]
    .map((key) => `${metricLabel(key)} ${formatValue(report.metrics[key])}`)
    .join(', ');
  const facts =
    verb === 'Trained'
      ? `${report.n_train} train / ${countOf(report.n_test, 'test row')}, ${report.model.backend} backend, ${report.timing.train_s.toFixed(2)} s`
      : `${countOf(report.n_test, 'row')}, ${report.model.backend} backend, ${report.timing.eval_s.toFixed(2)} s`;
  const lines = [
    `${verb} ${report.model.type} (${report.task}) on ${report.data.path}: ${facts}.`,
    shown,
    ...report.warnings.map((warning) => `warning: ${warning}`),
  ];
  if (outDir !== undefined) lines.push(`Wrote ${outDir}`);
  return `${lines.join('\n')}\n`;
}

/** `modelgate train`: train and evaluate the configured model and write a run directory. */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description(
      'Train and evaluate the configured model; write model/, metrics.json, profile.json and report.md.',
    )
    .option('--config <file>', 'config file (default: .github/modelgate.yml when it exists)')
    .option('--data <file>', 'training data, CSV or JSONL (overrides data.path)')
    .option('--label <column>', 'label column (overrides data.label)')
    .option('--out <dir>', 'run directory, replaced as a whole', DEFAULT_RUN_DIR)
    .addOption(
      new Option('--backend <name>', 'TensorFlow.js backend (overrides train.backend)').choices(
        BACKEND_CHOICES,
      ),
    )
    .option('--epochs <n>', 'training epochs (overrides train.epochs)', positiveInteger)
    .option('--json', 'print metrics.json to stdout and no progress')
    .action(async (raw: unknown) => {
      const options = TrainOptionsSchema.parse(raw);
      await assertRunDirectoryTarget(options.out);
      const { config, source } = await resolveTrainConfig({
        configPath: options.config,
        overrides: { data: options.data, label: options.label, epochs: options.epochs },
      });
      await assertOutHoldsNoInput(options.out, [
        { what: 'the training data', path: config.data.path },
        ...(source === null ? [] : [{ what: 'the config file', path: source }]),
      ]);
      const progress = createProgress({ mode: progressMode(options.json === true) });
      let result;
      try {
        result = await trainAndEvaluate({
          config,
          configSource: source,
          backend: options.backend,
          onEpoch: progress.onEpoch,
        });
      } finally {
        progress.done();
      }
      await writeRunDirectory(options.out, {
        metrics: result.metrics,
        report: renderRunReport(result.metrics),
        profile: result.profile,
        predictions: result.predictions.text,
        dataSummary: result.dataSummary,
        model: {
          serialized: result.model,
          preprocessing: result.preprocessing,
          calibration: result.calibration,
        },
      });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(result.metrics, null, 2)}\n`
          : summarizeRun(result.metrics, options.out, 'Trained'),
      );
    });
}
