import { getPrivateKey } from '@probot/get-private-key';
import { InputError, errorMessage } from '../core/errors.ts';

/** Everything the App server needs from its environment, parsed and checked. */
export interface AppEnv {
  appId: number;
  privateKey: string;
  secret: string;
  /** REST base URL: `https://api.github.com`, or `<protocol>://<GHE_HOST>/api/v3`. */
  baseUrl: string;
  port: number;
  /** Interface to listen on; undefined means all interfaces, like `probot run`. */
  host: string | undefined;
  logLevel: LogLevel;
  /** `json` for log collectors, `pretty` for a terminal (Probot's `LOG_FORMAT`). */
  logFormat: 'json' | 'pretty';
  /** Path webhooks are delivered to (Probot's `WEBHOOK_PATH`). */
  webhookPath: string;
  /** Redis shared by replicas (Probot's `REDIS_URL`); undefined: the mode without Redis. */
  redisUrl: string | undefined;
  /** `MODELGATE_LEASE_MS`: how long a dead replica's claims outlive it in Redis. */
  leaseMs: number | undefined;
}

/** Probot's (pino's) log levels. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The port the App listens on without `PORT` (Probot's default). */
export const DEFAULT_PORT = 3000;
/** Where GitHub delivers webhooks unless `WEBHOOK_PATH` says otherwise (Probot's default). */
export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

/** Environment variables; values are checked here, so any string is accepted in. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads Probot's standard variables (the same ones `probot run` reads, so an existing `.env`
 * works unchanged): `APP_ID`, `PRIVATE_KEY` or `PRIVATE_KEY_PATH`, `WEBHOOK_SECRET`,
 * `GHE_HOST` + `GHE_PROTOCOL` for GitHub Enterprise Server or the offline sandbox, `PORT`,
 * `HOST`, `WEBHOOK_PATH`, `LOG_LEVEL`, `LOG_FORMAT`. Every error names the variable and the expected form.
 *
 * @param env  the environment, `process.env` by default
 * @param cwd  directory that `PRIVATE_KEY_PATH` is relative to
 */
export function readAppEnv(env: Environment = process.env, cwd: string = process.cwd()): AppEnv {
  return {
    appId: readAppId(env.APP_ID),
    privateKey: readPrivateKey(env, cwd),
    secret: readSecret(env.WEBHOOK_SECRET),
    baseUrl: readBaseUrl(env.GHE_HOST, env.GHE_PROTOCOL),
    port: readPort(env.PORT),
    host: nonEmpty(env.HOST),
    logLevel: readLogLevel(env.LOG_LEVEL),
    logFormat: readLogFormat(env.LOG_FORMAT, env.NODE_ENV),
    webhookPath: readWebhookPath(env.WEBHOOK_PATH),
    redisUrl: readRedisUrl(env.REDIS_URL),
    leaseMs: readLeaseMs(env.MODELGATE_LEASE_MS),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readAppId(raw: string | undefined): number {
  const value = nonEmpty(raw);
  if (value === undefined) {
    throw new InputError(
      'APP_ID is not set; expected the numeric ID shown on the GitHub App settings page.',
    );
  }
  if (!/^[1-9]\d*$/.test(value)) {
    throw new InputError(`APP_ID must be a positive integer (the GitHub App ID), got "${value}".`);
  }
  return Number(value);
}

function readPrivateKey(env: Environment, cwd: string): string {
  if (nonEmpty(env.PRIVATE_KEY) === undefined && nonEmpty(env.PRIVATE_KEY_PATH) === undefined) {
    throw new InputError(
      'Neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set; expected the GitHub App private key (PEM text) or the path of its .pem file.',
    );
  }
  // @probot/get-private-key is what `probot run` uses: it accepts PEM text, base64 and keys
  // whose newlines were escaped or flattened by a secrets store, so keys that work with
  // Probot work here. Only the two explicit variables are honoured (no .pem guessing in cwd).
  const variable = nonEmpty(env.PRIVATE_KEY) !== undefined ? 'PRIVATE_KEY' : 'PRIVATE_KEY_PATH';
  const only: Record<string, string | undefined> =
    variable === 'PRIVATE_KEY'
      ? { PRIVATE_KEY: env.PRIVATE_KEY }
      : { PRIVATE_KEY_PATH: env.PRIVATE_KEY_PATH };
  let key: string | null;
  try {
    key = getPrivateKey({ env: only, cwd });
  } catch (error) {
    throw new InputError(
      variable === 'PRIVATE_KEY'
        ? 'PRIVATE_KEY is not a PEM private key; expected the contents of the .pem file downloaded from the GitHub App settings page.'
        : `PRIVATE_KEY_PATH "${env.PRIVATE_KEY_PATH}" could not be read (${stripPrefix(errorMessage(error))}); expected the path of the App's .pem file.`,
    );
  }
  if (key === null || !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(key)) {
    throw new InputError(
      `${variable} does not hold a PEM private key ("-----BEGIN RSA PRIVATE KEY-----" or "-----BEGIN PRIVATE KEY-----").`,
    );
  }
  return key;
}

function stripPrefix(message: string): string {
  return message.replace(/^\[@probot\/get-private-key\]\s*/, '');
}

function readSecret(raw: string | undefined): string {
  // The secret is compared byte for byte with GitHub's; do not trim it.
  if (raw === undefined || raw === '') {
    throw new InputError(
      'WEBHOOK_SECRET is not set; expected the webhook secret configured on the GitHub App (unsigned webhooks are never accepted).',
    );
  }
  return raw;
}

function readBaseUrl(rawHost: string | undefined, rawProtocol: string | undefined): string {
  const host = nonEmpty(rawHost);
  const protocol = nonEmpty(rawProtocol) ?? 'https';
  if (protocol !== 'http' && protocol !== 'https') {
    throw new InputError(`GHE_PROTOCOL must be "http" or "https", got "${protocol}".`);
  }
  if (host === undefined) return 'https://api.github.com';
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) {
    throw new InputError(
      `GHE_HOST must be a host name with an optional port, like "github.example.com" or "127.0.0.1:8080", got "${host}".`,
    );
  }
  return `${protocol}://${host}/api/v3`;
}

function readPort(raw: string | undefined): number {
  const value = nonEmpty(raw);
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InputError(`PORT must be an integer between 0 and 65535, got "${value}".`);
  }
  return port;
}

function readLogFormat(raw: string | undefined, nodeEnv: string | undefined): 'json' | 'pretty' {
  const value = nonEmpty(raw)?.toLowerCase();
  // Probot's rule: JSON in production unless asked otherwise.
  if (value === undefined) return nodeEnv === 'production' ? 'json' : 'pretty';
  if (value !== 'json' && value !== 'pretty') {
    throw new InputError(`LOG_FORMAT must be "json" or "pretty", got "${value}".`);
  }
  return value;
}

function readWebhookPath(raw: string | undefined): string {
  const value = nonEmpty(raw);
  if (value === undefined) return DEFAULT_WEBHOOK_PATH;
  if (!/^\/[\w\-./]*$/.test(value)) {
    throw new InputError(
      `WEBHOOK_PATH must be a URL path starting with "/", like "${DEFAULT_WEBHOOK_PATH}", got "${value}".`,
    );
  }
  return value;
}

function readRedisUrl(raw: string | undefined): string | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(value) || !URL.canParse(value)) {
    throw new InputError(
      'REDIS_URL must be a URL like "redis://redis:6379" or "rediss://user:password@host:6380/0".',
    );
  }
  return value;
}

function readLeaseMs(raw: string | undefined): number | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 300 || ms > 600_000) {
    throw new InputError(
      `MODELGATE_LEASE_MS must be a whole number of milliseconds between 300 and 600000, got "${value}".`,
    );
  }
  return ms;
}

function readLogLevel(raw: string | undefined): LogLevel {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (level === undefined) {
    throw new InputError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}".`);
  }
  return level;
}
