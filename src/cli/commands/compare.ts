import type { Command } from 'commander';
import { z } from 'zod';
import { parseConfig } from '../../core/config/load.ts';
import type { GateRule } from '../../core/config/schema.ts';
import { CONFIG_PATH } from '../../core/constants.ts';
import { compareRuns } from '../../core/gate/compare.ts';
import { parseMetricsReport } from '../../core/gate/parse-metrics-report.ts';
import type { Comparison } from '../../core/gate/types.ts';
import type { MetricsReport } from '../../core/metrics-report.ts';
import { checkRunTitle } from '../../core/render/check-summary.ts';
import { renderComparison } from '../../core/render/comparison-markdown.ts';
import { readUserText } from '../../data/read-text.ts';
import { findConfig } from '../../train/find-config.ts';
import { VerdictFailure } from '../verdict-failure.ts';
import { renderComparisonText } from '../text/comparison-text.ts';
import { styleFor } from '../text/style.ts';
import { OUTPUT_FORMATS, addFormatOptions, chosenFormat } from './output-format.ts';

/** Commander has already checked the choices; zod turns its untyped record into types. */
const CompareOptionsSchema = z.object({
  baseline: z.string().optional(),
  candidate: z.string(),
  config: z.string().optional(),
  format: z.enum(OUTPUT_FORMATS),
  json: z.boolean().optional(),
});

const METRICS_EXPECTED = 'a metrics.json written by modelgate train';

async function readReport(path: string, role: string): Promise<MetricsReport> {
  return parseMetricsReport(await readUserText(path, `the ${role}`, METRICS_EXPECTED), path);
}

/**
 * Rules from `--config`, else from `.github/modelgate.yml` in the working directory or the
 * nearest folder above it up to the repository root, else none (the comparison is then shown without a gate).
 */
async function readRules(
  configPath: string | undefined,
): Promise<{ rules: GateRule[]; source?: string }> {
  const path = configPath ?? findConfig()?.path;
  if (path === undefined) return { rules: [] };
  const text = await readUserText(
    path,
    'the config file',
    `a modelgate config like ${CONFIG_PATH}`,
  );
  return { rules: parseConfig(text, path).gate, source: path };
}

/** Compares two metrics.json files under the configured gate; what `compare` computes. */
export async function compareFiles(options: {
  baseline?: string;
  candidate: string;
  config?: string;
}): Promise<Comparison> {
  const [baseline, candidate, { rules, source }] = await Promise.all([
    options.baseline === undefined ? null : readReport(options.baseline, 'baseline'),
    readReport(options.candidate, 'candidate'),
    readRules(options.config),
  ]);
  return compareRuns({ baseline, candidate, rules, rulesSource: source });
}

/** `modelgate compare`: the comparison table and the gate verdict; exit 1 when the gate fails. */
export function registerCompareCommand(program: Command): void {
  const command = program
    .command('compare')
    .description(
      'Compare a run with its baseline and apply the gate rules (exit 1 when a rule fails).',
    )
    .option(
      '--baseline <file>',
      'metrics.json of the baseline run; without it only absolute rules apply',
    )
    .requiredOption('--candidate <file>', 'metrics.json of the run to judge')
    .option(
      '--config <file>',
      `config with the gate rules (default: ${CONFIG_PATH} when it exists)`,
    );
  addFormatOptions(command, 'the modelgate/comparison@1 document');
  command.action(async (raw: unknown) => {
    const options = CompareOptionsSchema.parse(raw);
    const comparison = await compareFiles(options);
    const format = chosenFormat(options);
    process.stdout.write(
      format === 'json'
        ? `${JSON.stringify(comparison, null, 2)}\n`
        : format === 'md'
          ? `${renderComparison(comparison, { compact: true })}\n`
          : renderComparisonText(comparison, styleFor(process.stdout)),
    );
    if (comparison.verdict === 'fail')
      throw new VerdictFailure(`modelgate: ${checkRunTitle(comparison)}.`);
  });
}
