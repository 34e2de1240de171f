import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, actorOf, authorize } from '../auth.ts';
import type { Faults } from '../faults.ts';
import { HttpError } from './errors.ts';
import type { Reply, RouteContext, SandboxCore } from './route.ts';
import type { Router } from './router.ts';

/**
 * The request pipeline: fault injection, the request log, REST dispatch (authentication,
 * repository resolution, authorization, JSON in and out, GitHub's error shape) and the
 * optional exchange validator that checks each REST call against the OpenAPI description.
 */

/** One logged request. */
export interface RequestLogEntry {
  method: string;
  /** For REST calls the GitHub path without `/api/v3`; otherwise the server path. */
  path: string;
  query: string;
  status: number;
  /** Parsed JSON request body (undefined when empty or not JSON). */
  body: unknown;
  /** `METHOD /openapi/template` of the REST operation that served it, else null. */
  operation: string | null;
  /** Who called: the token's user or bot login, `app:<id>` for an App JWT, null if anonymous. */
  caller: string | null;
  /** When the request arrived (`performance.now()` of the sandbox's process). */
  at: number;
  /** Milliseconds from the request's arrival to its answer (injected delays included). */
  ms: number;
}

/** A REST request and response, as the validator sees them. */
export interface Exchange {
  method: string;
  /** OpenAPI path template. */
  operationPath: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
  responseContentType: string;
}

/** Checks an exchange; returns one message per problem (empty: fine). */
export type ExchangeValidator = (exchange: Exchange) => string[];

/** A recorded validator finding (REST exchange, or a delivered webhook with status 0). */
export interface Violation {
  /** `METHOD /template`, or `webhook <event>.<action>`. */
  operation: string;
  path: string;
  status: number;
  message: string;
}

/** A non-REST part of the server (git, results service, blobs); true when it answered. */
export type ServiceHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
) => Promise<boolean>;

/** Everything the pipeline needs. */
export interface PipelineOptions {
  core: SandboxCore;
  router: Router;
  faults: Faults;
  services: ServiceHandler[];
  log: RequestLogEntry[];
  violations: Violation[];
  serverErrors: Error[];
  validate?: ExchangeValidator;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const ROOT_UPLOAD = /^\/repos\/[^/]+\/[^/]+\/releases\/\d+\/assets$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function commonHeaders(): Record<string, string> {
  return {
    'x-github-request-id': randomUUID().toUpperCase(),
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...commonHeaders(), ...reply.headers };
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, headers);
    res.end(reply.raw);
  } else if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    res.writeHead(reply.status, { 'content-type': JSON_TYPE, ...headers });
    res.end(JSON.stringify(reply.body));
  }
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}

/** Builds the node `request` listener. */
export function createPipeline(
  options: PipelineOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { core, router, faults, log } = options;

  async function handleRest(
    req: IncomingMessage,
    url: URL,
    path: string,
    raw: Buffer,
    upload: boolean,
  ): Promise<{ reply: Reply; operation: string | null; body: unknown; template: string | null }> {
    const method = req.method ?? 'GET';
    const match = router.match(method, path, upload);
    if (match.kind !== 'found')
      return {
        reply: { status: 404, body: new HttpError(404, 'Not Found').body() },
        operation: null,
        body: undefined,
        template: null,
      };
    const { route, params } = match;
    const operation = `${method} ${route.path}`;
    let body: unknown;
    try {
      const principal = authenticate(core, req.headers);
      body = route.raw ? raw : parseJson(raw);
      const ctx: RouteContext = {
        core,
        method,
        params,
        query: url.searchParams,
        body,
        rawBody: raw,
        headers: req.headers,
        principal,
        requestUrl: url,
      };
      if (route.access.kind === 'repo') {
        const repo = core.store.repo(params['owner'] ?? '', params['repo'] ?? '') ?? null;
        authorize(principal, route.access, repo);
        if (!repo) throw new HttpError(404, 'Not Found');
        ctx.scope = { repo, data: core.store.repoData(repo), actor: actorOf(core, principal) };
      } else {
        authorize(principal, route.access, null);
      }
      return { reply: await route.handler(ctx), operation, body, template: route.path };
    } catch (error) {
      if (error instanceof HttpError) {
        return {
          reply: {
            status: error.status,
            body: error.body(),
            ...(error.extra.headers ? { headers: error.extra.headers } : {}),
          },
          operation,
          body,
          template: route.path,
        };
      }
      options.serverErrors.push(error instanceof Error ? error : new Error(String(error)));
      return {
        reply: { status: 500, body: new HttpError(500, 'Server Error').body() },
        operation,
        body,
        template: route.path,
      };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const url = new URL(req.url ?? '/', core.url);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const isRest = url.pathname.startsWith('/api/v3/') || url.pathname === '/api/v3';
    // Uploads arrive under GitHub Enterprise's `/api/uploads` (the `upload_url` of a release)
    // or, from Octokit's `uploadReleaseAsset` given `origin`, at uploads.github.com's root layout.
    const isEnterpriseUpload = url.pathname.startsWith('/api/uploads/');
    const isUpload = isEnterpriseUpload || (method === 'POST' && ROOT_UPLOAD.test(url.pathname));
    const githubPath = isRest
      ? url.pathname.slice('/api/v3'.length) || '/'
      : isEnterpriseUpload
        ? url.pathname.slice('/api/uploads'.length)
        : url.pathname;

    const delay = faults.takeDelay(method, githubPath);
    if (delay) {
      delay.onHold?.();
      const gone = await heldUntil(req, delay.ms);
      if (gone) return; // the caller died while held: its call never reached GitHub
    }
    const fault = faults.take(method, githubPath);
    if (fault && !fault.afterApplying) {
      send(res, { status: fault.status, body: fault.body, headers: fault.headers });
      log.push({
        method,
        path: githubPath,
        query: url.search,
        status: fault.status,
        body: safeJson(raw),
        operation: null,
        caller: callerOf(core, req.headers),
        at: arrived,
        ms: performance.now() - arrived,
      });
      return;
    }

    if (isRest || isUpload) {
      const { reply, operation, body, template } = await handleRest(
        req,
        url,
        githubPath,
        raw,
        isUpload,
      );
      // A lost answer: the write above happened, the caller hears only the fault.
      const answer = fault
        ? { status: fault.status, body: fault.body, headers: fault.headers }
        : reply;
      send(res, answer);
      log.push({
        method,
        path: githubPath,
        query: url.search,
        status: answer.status,
        body: logBody(body),
        operation,
        caller: callerOf(core, req.headers),
        at: arrived,
        ms: performance.now() - arrived,
      });
      if (options.validate && template) {
        const contentType =
          reply.raw !== undefined
            ? (reply.headers?.['content-type'] ?? 'application/octet-stream')
            : 'application/json';
        const messages = safeValidate(options.validate, {
          method,
          operationPath: template,
          status: reply.status,
          requestBody: Buffer.isBuffer(body) ? undefined : body,
          responseBody: reply.body,
          responseContentType: contentType,
        });
        for (const message of messages) {
          options.violations.push({
            operation: operation ?? `${method} ${template}`,
            path: githubPath,
            status: reply.status,
            message,
          });
        }
      }
      return;
    }

    for (const service of options.services) {
      if (await service(req, res, url, raw)) {
        log.push({
          method,
          path: url.pathname,
          query: url.search,
          status: res.statusCode,
          body: safeJson(raw),
          operation: null,
          caller: callerOf(core, req.headers),
          at: arrived,
          ms: performance.now() - arrived,
        });
        return;
      }
    }
    send(res, { status: 404, body: new HttpError(404, 'Not Found').body() });
    log.push({
      method,
      path: url.pathname,
      query: url.search,
      status: 404,
      body: safeJson(raw),
      operation: null,
      caller: callerOf(core, req.headers),
      at: arrived,
      ms: performance.now() - arrived,
    });
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.serverErrors.push(error instanceof Error ? error : new Error(String(error)));
      if (!res.headersSent)
        send(res, { status: 500, body: new HttpError(500, 'Server Error').body() });
      else res.destroy();
    });
  };
}

/** The caller's name for the request log; bad credentials log as null (the reply says 401). */
function callerOf(core: SandboxCore, headers: IncomingMessage['headers']): string | null {
  try {
    const principal = authenticate(core, headers);
    if (principal.kind === 'token') return principal.token.actor.login;
    if (principal.kind === 'app') return `app:${principal.app.id}`;
    return null;
  } catch {
    return null;
  }
}

/** Runs the validator; a validator that throws is a finding too, never a silent pass. */
function safeValidate(validate: ExchangeValidator, exchange: Exchange): string[] {
  try {
    return validate(exchange);
  } catch (error) {
    return [`validator failed: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** Request bodies in the log: JSON values as parsed, raw uploads as their byte count. */
function logBody(body: unknown): unknown {
  return Buffer.isBuffer(body) ? { bytes: body.length } : body;
}

function safeJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return { bytes: raw.length };
  }
}

/** Waits `ms`, or less when the caller hangs up first; true when it did. */
function heldUntil(req: IncomingMessage, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      req.socket.off('close', onClose);
      resolve(false);
    }, ms);
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    req.socket.once('close', onClose);
  });
}
