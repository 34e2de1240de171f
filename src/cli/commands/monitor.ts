import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { BACKEND_CHOICES, PerformanceMonitorSchema } from '../../core/config/schema.ts';
import { RUN_FILES } from '../../core/constants.ts';
import { InputError } from '../../core/errors.ts';
import { parseJsonText } from '../../core/json-text.ts';
import { MetricsReportSchema } from '../../core/metrics-report.ts';
import { performanceBodyFor } from '../../core/render/performance-body.ts';
import { writeJsonAtomic } from '../../data/atomic-write.ts';
import { readUserText } from '../../data/read-text.ts';
import { judgeProduction } from '../../train/judge-production.ts';
import { measureProduction } from '../../train/measure-production.ts';
import { VerdictFailure } from '../verdict-failure.ts';
import { readDriftDefaults } from './drift-config.ts';
import { assertOutFile } from './out-target.ts';
import { OUTPUT_FORMATS, addFormatOptions, chosenFormat } from './output-format.ts';

const MonitorOptionsSchema = z.object({
  model: z.string(),
  data: z.string().optional(),
  releaseMetrics: z.string().optional(),
  tag: z.string().default('the released model'),
  config: z.union([z.string(), z.literal(true)]).optional(),
  backend: z.enum(BACKEND_CHOICES).optional(),
  out: z.string().optional(),
  format: z.enum(OUTPUT_FORMATS),
  json: z.boolean().optional(),
});

const METRICS_EXPECTED = 'the metrics.json of the run that trained the model';

/** The release's own metrics: `--release-metrics`, else the metrics.json beside `model/`. */
async function readReleaseMetrics(path: string | undefined, modelDir: string) {
  const file = path ?? join(dirname(modelDir), RUN_FILES.metrics);
  if (path === undefined && !existsSync(file)) {
    throw new InputError(
      `--release-metrics is required: no ${RUN_FILES.metrics} beside ${modelDir}; expected ${METRICS_EXPECTED}.`,
    );
  }
  const text = await readUserText(file, 'The release metrics file', METRICS_EXPECTED);
  const parsed = MetricsReportSchema.safeParse(parseJsonText(text, file, METRICS_EXPECTED));
  if (!parsed.success) {
    throw new InputError(`${file} is not a modelgate metrics.json; expected ${METRICS_EXPECTED}.`);
  }
  return parsed.data;
}

/**
 * `modelgate monitor`: the released model's performance on production data — realised when
 * the data carries labels, estimated with CBPE when it does not — judged by the config's
 * `monitor.performance` rules against the release's own metrics. Exit 1 on a drop.
 */
export function registerMonitorCommand(program: Command): void {
  const command = program
    .command('monitor')
    .description(
      "Evaluate a released model on production data (labels optional: CBPE estimates without them) and compare with the release's metrics.",
    )
    .requiredOption('--model <dir>', 'model directory of the release (e.g. .modelgate/run/model)')
    .option('--data <file>', 'production data, CSV or JSONL (with --config: monitor.data)')
    .option(
      '--release-metrics <file>',
      "the release's metrics.json (default: the one beside --model)",
    )
    .option('--tag <name>', 'the release, as the report names it')
    .option(
      '--config [file]',
      'take monitor.performance from a config (no file: .github/modelgate.yml here or above)',
    )
    .addOption(
      new Option('--backend <name>', 'TensorFlow.js backend')
        .choices(BACKEND_CHOICES)
        .default('auto'),
    )
    .option('--out <file>', 'also write the report as JSON (modelgate/performance@1)');
  addFormatOptions(command, 'the modelgate/performance@1 report');
  command.action(async (raw: unknown) => {
    const options = MonitorOptionsSchema.parse(raw);
    const defaults =
      options.config === undefined ? undefined : await readDriftDefaults(options.config);
    const data = options.data ?? defaults?.current;
    if (data === undefined) {
      throw new InputError(
        '--data is required; expected a file, or --config with a config that sets monitor.data.',
      );
    }
    if (options.out !== undefined) {
      await assertOutFile(options.out, {
        inputs: [{ what: 'the --data file', path: data }],
        expected: 'another path for the report',
        fileName: 'performance.json',
      });
    }
    const release = await readReleaseMetrics(options.releaseMetrics, options.model);
    const measure = await measureProduction({
      modelDir: options.model,
      dataPath: data,
      backend: options.backend,
    });
    const report = judgeProduction({
      measure,
      releaseTag: options.tag,
      releaseMetrics: release.metrics,
      settings: defaults?.performance ?? PerformanceMonitorSchema.parse({}),
      ...(defaults === undefined ? {} : { source: defaults.source }),
    });
    if (options.out !== undefined) await writeJsonAtomic(options.out, report);
    const format = chosenFormat(options);
    process.stdout.write(
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${performanceBodyFor({
            report,
            releaseTag: options.tag,
            run: { id: 0, name: 'modelgate monitor', htmlUrl: '' },
          }).replace(/^Production data of model .*\n\n/, '')}\n`,
    );
    if (report.performance_drop) {
      const failed = report.rules.filter((rule) => rule.status === 'fail');
      throw new VerdictFailure(
        `modelgate: performance dropped (${report.basis}): ${failed.map((rule) => rule.reason).join('; ')}.`,
      );
    }
  });
}
