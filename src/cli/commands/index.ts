import type { Command } from 'commander';
import { registerMetricsCommand } from './metrics.ts';

/**
 * Every subcommand lives in its own module and registers itself here. Order is the order
 * `modelgate --help` lists them.
 */
export function registerCommands(program: Command): void {
  registerMetricsCommand(program);
  void program;
}
