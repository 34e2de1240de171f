import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_PORT } from '../../app/env.ts';
import { startAppFromEnv, waitForShutdown } from '../../app/start.ts';
import { InputError } from '../../core/errors.ts';
import { listeningOn } from '../listen-error.ts';

const OptionsSchema = z.object({ env: z.string() });

/**
 * Variables from the env file, overridden by the real environment (as with `node --env`
 * and dotenv: a deployment's variables win over a checked-in default).
 */
function environment(envPath: string, explicit: boolean): Record<string, string | undefined> {
  const path = resolve(envPath);
  if (!existsSync(path)) {
    if (explicit)
      throw new InputError(`--env ${envPath} does not exist; expected a file of NAME=value lines.`);
    return { ...process.env };
  }
  let parsed: Record<string, string | undefined>;
  try {
    parsed = parseEnv(readFileSync(path, 'utf8'));
  } catch {
    throw new InputError(`Cannot read --env ${envPath}; expected a file of NAME=value lines.`);
  }
  return { ...parsed, ...process.env };
}

/** Registers `modelgate app`. */
export function registerAppCommand(program: Command): void {
  program
    .command('app')
    .description(
      'Start the modelgate GitHub App (Probot) from APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, and GHE_HOST/GHE_PROTOCOL, PORT, HOST, REDIS_URL (shared by replicas).',
    )
    .option('--env <path>', 'file with the variables, NAME=value per line', '.env')
    .action(async (raw: unknown, command: Command) => {
      const { env: envPath } = OptionsSchema.parse(raw);
      const explicit = command.getOptionValueSource('env') === 'cli';
      const env = environment(envPath, explicit);
      const server = await listeningOn(`PORT ${env['PORT']?.trim() || DEFAULT_PORT}`, () =>
        startAppFromEnv(env),
      );
      process.stdout.write(
        [
          `modelgate App listening on ${server.url}`,
          `  webhooks  ${server.webhookUrl}  (the App's webhook URL; deliveries must be signed with WEBHOOK_SECRET)`,
          `  health    ${server.url}/health`,
          `  mode      ${server.mode}`,
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
      const signal = await waitForShutdown();
      await server.close();
      process.stdout.write(`modelgate App stopped (${signal}).\n`);
    });
}
