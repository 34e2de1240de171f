import type { Command } from 'commander';
import { registerAppCommand } from './app.ts';
import { registerCompareCommand } from './compare.ts';
import { registerDemoCommand } from './demo.ts';
import { registerDriftCommand } from './drift.ts';
import { registerEvaluateCommand } from './evaluate.ts';
import { registerMetricsCommand } from './metrics.ts';
import { registerProfileCommand } from './profile.ts';
import { registerSandboxCommand } from './sandbox.ts';
import { registerTrainCommand } from './train.ts';

/**
 * Every subcommand lives in its own module and registers itself here. Order is the order
 * `modelgate --help` lists them.
 */
export function registerCommands(program: Command): void {
  registerTrainCommand(program);
  registerEvaluateCommand(program);
  registerMetricsCommand(program);
  registerCompareCommand(program);
  registerProfileCommand(program);
  registerDriftCommand(program);
  registerSandboxCommand(program);
  registerAppCommand(program);
  registerDemoCommand(program);
  void program;
}
