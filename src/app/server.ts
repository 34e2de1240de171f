import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Bottleneck from 'bottleneck';
import { Probot, ProbotOctokit, createNodeMiddleware, type Logger } from 'probot';
import { DEFAULT_WEBHOOK_PATH, type LogLevel } from './env.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { modelgateApp } from './app.ts';
import { localCoordinator, type Coordinator } from './coordination/coordinator.ts';
import { redisCoordinator } from './coordination/redis-coordinator.ts';
import { admitWebhook, type WebhookGateOptions } from './webhook-gate.ts';

/** How the App's Octokit backs off; the defaults follow GitHub's guidance for integrators. */
export interface OctokitTuning {
  /**
   * Minimum spacing of write requests per installation. GitHub asks integrators to leave at
   * least one second between POST/PATCH/PUT/DELETE requests to avoid secondary rate limits.
   */
  writeIntervalMs?: number;
  /** Multiplier of the retry delays (`(attempt + 1)² × base` for 5xx, `Retry-After × base` for limits). */
  retryBaseMs?: number;
  /** Retries of one request after a 5xx or a rate limit before the error surfaces. */
  maxRetries?: number;
}

/** Options of `startAppServer`; `readAppEnv` makes them from Probot's variables. */
export interface AppServerOptions {
  appId: number;
  privateKey: string;
  secret: string;
  /** REST base URL; `https://api.github.com` when omitted. */
  baseUrl?: string;
  /** Port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to listen on; all interfaces when omitted. */
  host?: string;
  logLevel?: LogLevel;
  logFormat?: 'json' | 'pretty';
  /** Path webhooks are delivered to; Probot's `/api/github/webhooks` when omitted. */
  webhookPath?: string;
  octokit?: OctokitTuning;
  /** Logger of the App (a pino logger); Probot's own, from `logLevel` and `logFormat`, when omitted. */
  log?: Logger;
  /** Largest webhook body read; GitHub's 25 MB cap when omitted (tests use less). */
  maxWebhookBytes?: number;
  /** Redis shared by the replicas (`REDIS_URL`); without it each process coordinates alone. */
  redisUrl?: string;
  /** How long a dead replica's claims outlive it in Redis (ms); 10 s when omitted. */
  leaseMs?: number;
}

/** A running App server. */
export interface AppServer {
  /** Base URL of the server, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Where GitHub must deliver webhooks. */
  webhookUrl: string;
  probot: Probot;
  /** Which mode the App runs in (said at start): without Redis, or Redis at a host. */
  mode: string;
  /** Resolves when every webhook received so far has been fully handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the App: a Probot instance with modelgate's handlers behind Probot's Node middleware
 * on a plain `http` server. Webhooks are verified against `secret` before any handler runs.
 * Octokit retries 5xx responses and waits out primary and secondary rate limits.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const coordinator: Coordinator =
    options.redisUrl === undefined
      ? localCoordinator()
      : await redisCoordinator({
          url: options.redisUrl,
          ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        });
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.secret,
    baseUrl: options.baseUrl,
    logLevel: options.logLevel ?? 'info',
    logFormat: options.logFormat ?? 'pretty',
    Octokit: createAppOctokit(options.octokit ?? {}),
    // Probot then clusters Octokit's Bottleneck limiters in this Redis: replicas share one
    // budget of GitHub requests per installation instead of each spending its own.
    ...(options.redisUrl === undefined ? {} : { redisConfig: options.redisUrl }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const queue = new KeyedQueue(coordinator.lock.bind(coordinator));
  const webhookPath = options.webhookPath ?? DEFAULT_WEBHOOK_PATH;
  const middleware = await createNodeMiddleware(
    (app) => modelgateApp(app, { queue, coordinator }),
    {
      probot,
      webhooksPath: webhookPath,
    },
  );

  const gate: WebhookGateOptions = {
    secret: options.secret,
    log: probot.log,
    ...(options.maxWebhookBytes === undefined ? {} : { maxBytes: options.maxWebhookBytes }),
  };
  const server = createServer((request, response) => {
    const next = (): void => notFoundOrHealth(request, response);
    if (request.method !== 'POST' || !isPath(request.url, webhookPath)) {
      void middleware(request, response, next);
      return;
    }
    // Capped and verified before Probot's middleware, which buffers any body whole first.
    void admitWebhook(request, response, gate).then((body) => {
      if (body !== null) void middleware(Object.assign(request, { body }), response, next);
    });
  });
  await listen(server, options.port, options.host);
  const { port } = addressOf(server);
  const displayHost =
    options.host === undefined || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const url = `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`;

  return {
    url,
    webhookUrl: `${url}${webhookPath}`,
    probot,
    mode: coordinator.mode,
    idle: () => queue.onIdle(),
    close: async () => {
      await queue.onIdle();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await coordinator.close();
    },
  };
}

/**
 * Probot's Octokit (it already carries the retry and throttling plugins) with callbacks that
 * retry: Probot's own defaults give up on a secondary rate limit, which would drop a gate
 * result on the floor during a burst of pushes.
 */
function createAppOctokit(tuning: OctokitTuning): typeof ProbotOctokit {
  const maxRetries = tuning.maxRetries ?? 3;
  const retryBase = tuning.retryBaseMs ?? 1000;
  const write =
    tuning.writeIntervalMs === undefined
      ? undefined
      : new Bottleneck.Group({ maxConcurrent: 1, minTime: tuning.writeIntervalMs });
  const shouldRetry =
    (kind: string) => (retryAfter: number, request: RetryRequest, octokit: LoggingOctokit) => {
      const attempt = request.request.retryCount;
      if (attempt >= maxRetries) {
        octokit.log.warn(
          `${kind} on ${request.method} ${request.url}; giving up after ${attempt} retries.`,
        );
        return false;
      }
      octokit.log.info(
        `${kind} on ${request.method} ${request.url}; retry ${attempt + 1} in ${retryAfter}s.`,
      );
      return true;
    };
  return ProbotOctokit.defaults(
    (instance: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
      ...instance,
      retry: { ...instance.retry, retries: maxRetries, retryAfterBaseValue: retryBase },
      throttle: {
        ...instance.throttle,
        retryAfterBaseValue: retryBase,
        // A tuned spacing applies to notification-triggering writes (comments, issues) too;
        // otherwise the plugin spaces those 3 s apart and other writes 1 s, as GitHub asks.
        ...(write === undefined ? {} : { write, notifications: write }),
        onRateLimit: shouldRetry('Rate limit'),
        onSecondaryRateLimit: shouldRetry('Secondary rate limit'),
      },
    }),
  );
}

interface RetryRequest {
  method: string;
  url: string;
  request: { retryCount: number };
}
interface LoggingOctokit {
  log: { info(message: string): void; warn(message: string): void };
}

/** Whether `url` names `path` as the webhooks middleware matches it (trailing slashes ignored). */
function isPath(url: string | undefined, path: string): boolean {
  const trim = (text: string): string => text.replace(/\/+$/, '') || '/';
  try {
    return trim(new URL(url ?? '/', 'http://localhost').pathname) === trim(path);
  } catch {
    return false;
  }
}

function notFoundOrHealth(request: IncomingMessage, response: ServerResponse): void {
  if (request.method === 'GET' && (request.url === '/' || request.url === '/health')) {
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"status":"ok","app":"modelgate"}\n');
    return;
  }
  response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}\n');
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function addressOf(server: Server): AddressInfo {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The App server is not listening on a TCP port.');
  }
  return address;
}
