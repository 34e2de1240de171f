import type { Command } from 'commander';
import { z } from 'zod';
import { runDemo } from '../../demo/run-demo.ts';
import { wantsColor } from '../../demo/printer.ts';
import { VerdictFailure } from '../main.ts';

const OptionsSchema = z.object({
  keep: z.boolean().optional(),
  reportDir: z.string().min(1).optional(),
});

/**
 * `modelgate demo`: the whole story of DESIGN.md §8 offline — the sandbox GitHub, the App
 * server and the bundled Action — with each step checked through the REST API, and an HTML
 * report of the pull requests, release and issue. Exit 1 when any step did not happen as told.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Play the whole story offline: baseline, a passing and a failing pull request, release, drift issue opened and closed.',
    )
    .option('--keep', 'keep the temp dir with the clone and the runner workspaces')
    .option('--report-dir <dir>', 'where index.html is written', 'demo-report')
    .action(async (raw: unknown) => {
      const options = OptionsSchema.parse(raw);
      const result = await runDemo({
        ...(options.keep === undefined ? {} : { keep: options.keep }),
        ...(options.reportDir === undefined ? {} : { reportDir: options.reportDir }),
        color: wantsColor(process.stdout),
      });
      if (!result.ok) throw new VerdictFailure('');
    });
}
