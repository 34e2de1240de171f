import type { Command } from 'commander';
import { z } from 'zod';
import { runDemo } from '../../demo/run-demo.ts';
import { wantsColor } from '../../demo/printer.ts';
import { VerdictFailure } from '../verdict-failure.ts';

const OptionsSchema = z.object({
  keep: z.boolean().optional(),
  reportDir: z.string().min(1).optional(),
  serve: z.boolean().optional(),
  predictions: z.boolean().optional(),
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
    .option('--serve', 'keep the GitHub stand-in and the report served until Ctrl+C')
    .option(
      '--predictions',
      "the Python users' path on examples/sklearn: predictions from the workflow's own step (its committed predictions files, no Python needed) scored, gated, released and monitored",
    )
    .action(async (raw: unknown) => {
      const options = OptionsSchema.parse(raw);
      // Ctrl+C ends the story after the current step, so the servers stop and the temp dir
      // goes away instead of being left behind by an abrupt exit.
      const controller = new AbortController();
      const interrupt = (): void => {
        process.stderr.write('\nmodelgate demo: stopping after this step and cleaning up…\n');
        controller.abort();
      };
      process.once('SIGINT', interrupt);
      try {
        const result = await runDemo({
          ...(options.keep === undefined ? {} : { keep: options.keep }),
          ...(options.reportDir === undefined ? {} : { reportDir: options.reportDir }),
          ...(options.serve === undefined ? {} : { serve: options.serve }),
          ...(options.predictions === undefined ? {} : { predictions: options.predictions }),
          color: wantsColor(process.stdout),
          signal: controller.signal,
        });
        if (!result.ok) throw new VerdictFailure('');
      } finally {
        process.off('SIGINT', interrupt);
      }
    });
}
