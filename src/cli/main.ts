import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError, errorMessage } from '../core/errors.ts';
import { registerCommands } from './commands/index.ts';
import { VerdictFailure } from './verdict-failure.ts';

/**
 * Exit codes of DESIGN.md §4, plus one for modelgate's own failures: a workflow that reads
 * exit 1 as "the gate failed" must not take a crash (a bug, a full disk, a port in use) for
 * a verdict.
 */
export const EXIT = { ok: 0, failed: 1, badInput: 2, internal: 3 } as const;

/** The installed package's version, as `modelgate --version` prints it. */
export function packageVersion(): string {
  const manifest = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Builds the program with the command `argv` names (all of them for help or an unknown name). */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('modelgate')
    .description('Model CI for GitHub: train, evaluate, compare, gate and monitor models.')
    .version(packageVersion(), '-V, --version', 'print the version of modelgate')
    .option('--verbose', 'print stack traces of errors')
    // A usage error is one sentence plus where to look, like every other bad input; the whole
    // help text after it buried the sentence. Commander copies the output setting to subcommands.
    .showHelpAfterError("(run 'modelgate --help' for the commands)")
    .configureOutput({
      outputError: (text, write) => write(text.replace(/^error: /, 'modelgate: ')),
    })
    .exitOverride();
  await registerCommands(program, argv);
  for (const command of program.commands) {
    command.showHelpAfterError(`(run 'modelgate ${command.name()} --help' for usage)`);
  }
  return program;
}

/**
 * Runs the CLI and returns the exit code instead of calling `process.exit`, so tests can call
 * it in-process. Errors become one sentence on stderr (a stack trace only with `--verbose`).
 */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help / version text).
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof VerdictFailure) {
      if (error.message) process.stderr.write(`${error.message}\n`);
      return EXIT.failed;
    }
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true;
    if (error instanceof InputError) {
      process.stderr.write(`modelgate: ${error.message}\n`);
      if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`modelgate: ${errorMessage(error)}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('(run with --verbose for the stack trace)\n');
    return EXIT.internal;
  }
}
