import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every subcommand lives in its own module and registers itself. The modules are imported
 * lazily because importing one imports its engine: `train` pulls in TensorFlow.js (about a
 * second of start-up) and `app` pulls in Probot, which `drift` or `compare` never need.
 * Order is the order `modelgate --help` lists them.
 */
const COMMANDS: ReadonlyArray<{ name: string; load: () => Promise<Register> }> = [
  { name: 'train', load: async () => (await import('./train.ts')).registerTrainCommand },
  { name: 'evaluate', load: async () => (await import('./evaluate.ts')).registerEvaluateCommand },
  { name: 'metrics', load: async () => (await import('./metrics.ts')).registerMetricsCommand },
  {
    name: 'significance',
    load: async () => (await import('./significance.ts')).registerSignificanceCommand,
  },
  { name: 'compare', load: async () => (await import('./compare.ts')).registerCompareCommand },
  { name: 'profile', load: async () => (await import('./profile.ts')).registerProfileCommand },
  { name: 'drift', load: async () => (await import('./drift.ts')).registerDriftCommand },
  { name: 'monitor', load: async () => (await import('./monitor.ts')).registerMonitorCommand },
  { name: 'sandbox', load: async () => (await import('./sandbox.ts')).registerSandboxCommand },
  { name: 'app', load: async () => (await import('./app.ts')).registerAppCommand },
  { name: 'demo', load: async () => (await import('./demo.ts')).registerDemoCommand },
];

/**
 * Registers the command named in `argv` (the first argument that is not an option), or every
 * command when none is named or the name is unknown, so `--help` and commander's
 * "unknown command" message (with its suggestion) still see them all. `--version` alone needs
 * none of them.
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  const requested = args.find((arg) => !arg.startsWith('-'));
  if (requested === undefined && args.some((arg) => arg === '--version' || arg === '-V')) return;
  const chosen = COMMANDS.filter((command) => command.name === requested);
  for (const command of chosen.length > 0 ? chosen : COMMANDS) {
    (await command.load())(program);
  }
}
