import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { startStandIn } from '../../demo/stand-in.ts';
import { listeningOn } from '../listen-error.ts';

/**
 * `modelgate sandbox`: runs the offline GitHub stand-in until Ctrl+C, for trying the App or
 * the Action locally. Prints where each part listens and the credentials to use.
 */

const OptionsSchema = z.object({
  port: z.string().optional(),
  appId: z.string().optional(),
  privateKey: z.string().optional(),
  webhookUrl: z.string().optional(),
  webhookSecret: z.string().optional(),
});

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(
      `Invalid --port "${raw}": expected an integer from 0 to 65535 (0 picks a free port).`,
    );
  }
  return port;
}

function parseAppId(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1)
    throw new InputError(`Invalid --app-id "${raw}": expected a positive integer.`);
  return id;
}

async function readKey(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    const key = await readFile(path, 'utf8');
    if (!key.includes('PRIVATE KEY'))
      throw new InputError(
        `--private-key ${path} is not a PEM private key; expected the App's .pem file.`,
      );
    return key;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Cannot read --private-key ${path}; expected the App's .pem file.`);
  }
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Registers `modelgate sandbox`. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description(
      'Start the offline GitHub stand-in (REST, git over HTTP, webhooks, artifacts) and print its URL.',
    )
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--app-id <id>', 'GitHub App id the sandbox registers', '1')
    .option('--private-key <file>', "the App's PEM private key (default: a generated one, printed)")
    .option(
      '--webhook-url <url>',
      'where emitted webhooks are delivered (e.g. http://127.0.0.1:3000/api/github/webhooks)',
    )
    .option(
      '--webhook-secret <secret>',
      'secret that signs webhooks (X-Hub-Signature-256)',
      process.env['WEBHOOK_SECRET'],
    )
    .action(async (raw: unknown) => {
      const options = OptionsSchema.parse(raw);
      const port = parsePort(options.port);
      const appId = parseAppId(options.appId);
      const privateKey = await readKey(options.privateKey);
      if (options.webhookUrl !== undefined && !options.webhookSecret) {
        throw new InputError(
          '--webhook-url needs --webhook-secret (or WEBHOOK_SECRET) to sign deliveries.',
        );
      }
      const standIn = await listeningOn(`--port ${port}`, () =>
        startStandIn({
          port,
          ...(appId !== undefined ? { appId } : {}),
          ...(privateKey !== undefined ? { privateKey } : {}),
          ...(options.webhookUrl && options.webhookSecret
            ? { webhook: { url: options.webhookUrl, secret: options.webhookSecret } }
            : {}),
        }),
      );
      process.stdout.write(`${[...standIn.banner, 'Press Ctrl+C to stop.'].join('\n')}\n`);
      const signal = await waitForSignal();
      await standIn.close();
      process.stdout.write(`modelgate sandbox stopped (${signal}).\n`);
    });
}
