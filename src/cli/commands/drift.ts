import { Option, type Command } from 'commander';
import { z } from 'zod';
import {
  DRIFT_TESTS,
  driftReport,
  renderDriftMarkdown,
  type DriftReport,
} from '../../core/drift/index.ts';
import { InputError } from '../../core/errors.ts';
import { writeJsonAtomic } from '../../data/atomic-write.ts';
import { VerdictFailure } from '../verdict-failure.ts';
import { renderDriftText } from '../text/drift-text.ts';
import { styleFor } from '../text/style.ts';
import { OUTPUT_FORMATS, addFormatOptions, chosenFormat } from './output-format.ts';
import { commaList, numberFlag, readDriftSide } from './drift-input.ts';
import { readDriftDefaults } from './drift-config.ts';
import { assertOutFile } from './out-target.ts';

/** Commander has already checked the choices; zod turns its untyped record into types. */
const DriftOptionsSchema = z.object({
  reference: z.string().optional(),
  current: z.string().optional(),
  config: z.union([z.string(), z.literal(true)]).optional(),
  categorical: z.string().optional(),
  method: z.enum(DRIFT_TESTS).optional(),
  columns: z.string().optional(),
  threshold: z.string().optional(),
  driftShare: z.string().optional(),
  format: z.enum(OUTPUT_FORMATS),
  json: z.boolean().optional(),
  out: z.string().optional(),
});

/** Runs `modelgate drift` on paths; returns the report (the command prints and writes it). */
export async function computeDrift(options: {
  reference: string;
  current: string;
  categorical?: string[];
  method?: (typeof DRIFT_TESTS)[number];
  columns?: string[];
  threshold?: number;
  driftShare?: number;
}): Promise<DriftReport> {
  const [reference, current] = await Promise.all([
    readDriftSide(options.reference, options.categorical),
    readDriftSide(options.current, options.categorical),
  ]);
  return driftReport({
    reference,
    current,
    options: {
      ...(options.categorical === undefined ? {} : { categorical: options.categorical }),
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(options.driftShare === undefined ? {} : { driftShare: options.driftShare }),
    },
  });
}

/**
 * A report in which no column could be tested says nothing about drift, yet its verdict reads
 * "no drift"; a monitoring run would close the drift issue on an empty or mislabelled file.
 * The command refuses it as bad input, naming each column's reason.
 */
function assertSomethingTested(report: DriftReport): void {
  if (report.number_of_columns > 0) return;
  const reasons = report.features.map(
    (feature) => `${feature.name}: ${(feature.error ?? 'not tested').replace(/\.$/, '')}`,
  );
  const listed = reasons.slice(0, 3).join('; ');
  const more = reasons.length > 3 ? `; and ${reasons.length - 3} more` : '';
  throw new InputError(
    reasons.length === 0
      ? `${report.reference.source} and ${report.current.source} have no column in common to test; expected the same feature columns on both sides.`
      : `No column of ${report.current.source} could be tested against ${report.reference.source} (${listed}${more}); expected values to compare on both sides.`,
  );
}

/** `modelgate drift`: compare current data with a reference (data or profile) column by column. */
export function registerDriftCommand(program: Command): void {
  const command = program
    .command('drift')
    .description(
      "Test every column of the current data for drift from a reference (data or profile.json) with Evidently's default tests; exit 1 on dataset drift.",
    )
    .option(
      '--reference <file>',
      'reference: CSV/JSONL data or a profile.json (with --config: data.path)',
    )
    .option(
      '--current <file>',
      'current data: CSV/JSONL or a profile.json (with --config: monitor.data)',
    )
    .option(
      '--config [file]',
      'take monitor.* from a config (no file: .github/modelgate.yml here or above); flags win',
    )
    .option(
      '--categorical <columns>',
      'comma-separated columns to compare as categories even when numeric',
    )
    .addOption(
      new Option('--method <test>', "test instead of Evidently's default choice").choices([
        ...DRIFT_TESTS,
      ]),
    )
    .option(
      '--columns <columns>',
      'comma-separated columns --method and --threshold apply to (default: all)',
    )
    .option(
      '--threshold <x>',
      "threshold instead of the test's default (p-value for ks/chisquare/z, else a distance)",
    )
    .option(
      '--drift-share <x>',
      'dataset drift when at least this share of columns drifted (default: 0.5)',
    )
    .option('--out <file>', 'also write the report as JSON (modelgate/drift@1) to this file');
  addFormatOptions(command, 'the modelgate/drift@1 report');
  command.action(async (raw: unknown) => {
    const options = DriftOptionsSchema.parse(raw);
    const defaults =
      options.config === undefined ? undefined : await readDriftDefaults(options.config);
    const categorical = commaList(options.categorical, '--categorical') ?? defaults?.categorical;
    const columns = commaList(options.columns, '--columns');
    const threshold =
      numberFlag(options.threshold, '--threshold', 'a positive number') ?? defaults?.threshold;
    const driftShare =
      numberFlag(options.driftShare, '--drift-share', 'a number between 0 and 1') ??
      defaults?.driftShare;
    const method = options.method ?? defaults?.method;
    const reference = options.reference ?? defaults?.reference;
    const current = options.current ?? defaults?.current;
    if (reference === undefined || current === undefined) {
      const missing = reference === undefined ? '--reference' : '--current';
      const key = reference === undefined ? 'data.path' : 'monitor.data';
      throw new InputError(
        `${missing} is required; expected a file, or --config with a config that sets ${key}.`,
      );
    }
    if (options.out !== undefined) {
      await assertOutFile(options.out, {
        inputs: [
          { what: 'the --reference file', path: reference },
          { what: 'the --current file', path: current },
        ],
        expected: 'another path for the report',
        fileName: 'drift.json',
      });
    }
    const report = await computeDrift({
      reference,
      current,
      ...(categorical === undefined ? {} : { categorical }),
      ...(method === undefined ? {} : { method }),
      ...(columns === undefined ? {} : { columns }),
      ...(threshold === undefined ? {} : { threshold }),
      ...(driftShare === undefined ? {} : { driftShare }),
    });
    assertSomethingTested(report);
    if (options.out !== undefined) await writeJsonAtomic(options.out, report);
    const format = chosenFormat(options);
    process.stdout.write(
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === 'md'
          ? renderDriftMarkdown(report)
          : renderDriftText(report, styleFor(process.stdout)),
    );
    if (report.dataset_drift) {
      throw new VerdictFailure(
        `modelgate: data drift in ${report.number_of_drifted_columns} of ${report.number_of_columns} columns.`,
      );
    }
  });
}
