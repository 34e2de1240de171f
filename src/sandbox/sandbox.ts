import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadService } from './downloads.ts';
import { Faults, type DelaySpec, type FaultSpec } from './faults.ts';
import { gitHttpService, type PushUpdate } from './git-http.ts';
import type { Route, SandboxCore } from './http/route.ts';
import { Router } from './http/router.ts';
import {
  createPipeline,
  type ExchangeValidator,
  type RequestLogEntry,
  type Violation,
} from './http/server.ts';
import { generateAppCredentials, publicKeyOf, type AppCredentials } from './jwt.ts';
import type { AppRecord, Permissions } from './model.ts';
import { resultsService } from './results-service.ts';
import { allRoutes } from './routes/index.ts';
import { StateApi } from './state-api.ts';
import { Store } from './store.ts';
import { deliverWebhook, type WebhookDelivery, type WebhookTarget } from './webhooks.ts';
import { timestamp } from './timestamp.ts';

/**
 * Starts the sandbox: one loopback HTTP server that is GitHub's REST API under `/api/v3`, the
 * upload host under `/api/uploads`, git smart HTTP at `/{owner}/{repo}.git`, and the Actions
 * results service (`/twirp/...` plus blob storage) that `@actions/artifact` uploads to.
 */

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** TCP port (default: a free one). */
  port?: number;
  /** Where `emitWebhook` delivers; can also be set later with `setWebhook`. */
  webhook?: WebhookTarget;
  /** The GitHub App's id (default 1). */
  appId?: number;
  /** The App's PEM private key; generated when omitted (see `sandbox.app.privateKey`). */
  privateKey?: string;
  /** App slug (default `modelgate`). */
  appSlug?: string;
  /** Permissions of the App and of its installations by default. */
  appPermissions?: Permissions;
  /** Login that owns repositories created without an owner (default `octo-org`). */
  defaultOwner?: string;
  /** Checks every REST exchange; findings collect in `sandbox.violations`. */
  validate?: ExchangeValidator;
  /** Extra REST routes, tried before the built-in ones (an endpoint a test needs, or an override). */
  routes?: Route[];
  /** Checks every payload `emitWebhook` delivers; findings collect in `sandbox.violations`. */
  validateWebhook?: (event: string, payload: unknown) => string[];
}

/** The App as tests need it to authenticate. */
export interface SandboxApp {
  id: number;
  slug: string;
  privateKey: string;
  publicKey: string;
}

const DEFAULT_APP_PERMISSIONS: Permissions = {
  actions: 'read',
  checks: 'write',
  contents: 'write',
  deployments: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
  statuses: 'write',
};

/** A running sandbox and its state API. */
export class Sandbox extends StateApi {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `${url}/api/v3`, the `baseUrl` for Octokit and `GITHUB_API_URL`. */
  readonly apiUrl: string;
  /** The registered GitHub App and its key pair. */
  readonly app: SandboxApp;
  /** A personal token of the default owner with full access (for setup through REST). */
  readonly adminToken: string;
  /** Every request served, in order. */
  readonly requests: RequestLogEntry[];
  /** Validator findings (empty unless `validate` was given). */
  readonly violations: Violation[];
  /** Unexpected exceptions inside handlers (each also answered 500). */
  readonly serverErrors: Error[];
  /** Refs changed by pushes over git HTTP. */
  readonly pushes: PushUpdate[];
  /** Webhooks delivered by `emitWebhook`. */
  readonly deliveries: WebhookDelivery[] = [];

  private webhookTarget: WebhookTarget | null;
  private readonly faults: Faults;
  private readonly server: Server;
  private readonly root: string;
  private readonly validateWebhook: ((event: string, payload: unknown) => string[]) | null;

  /** @internal use `startSandbox` */
  constructor(init: {
    core: SandboxCore;
    app: SandboxApp;
    adminToken: string;
    requests: RequestLogEntry[];
    violations: Violation[];
    serverErrors: Error[];
    pushes: PushUpdate[];
    faults: Faults;
    server: Server;
    root: string;
    webhook: WebhookTarget | null;
    validateWebhook: ((event: string, payload: unknown) => string[]) | null;
  }) {
    super(init.core);
    this.url = init.core.url;
    this.apiUrl = `${init.core.url}/api/v3`;
    this.app = init.app;
    this.adminToken = init.adminToken;
    this.requests = init.requests;
    this.violations = init.violations;
    this.serverErrors = init.serverErrors;
    this.pushes = init.pushes;
    this.faults = init.faults;
    this.server = init.server;
    this.root = init.root;
    this.validateWebhook = init.validateWebhook;
    this.webhookTarget = init.webhook;
  }

  /** Makes the next `times` calls matching `method`/`path` fail with `status`. */
  injectFault(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  /** Holds the next `times` calls matching `method`/`path` for `ms` before handling them. */
  injectDelay(spec: DelaySpec): void {
    this.faults.addDelay(spec);
  }

  /** Injected failures not yet consumed (a test can assert its faults were all hit). */
  get pendingFaults(): number {
    return this.faults.pending;
  }

  /** Sets where `emitWebhook` delivers (the App under test usually starts after the sandbox). */
  setWebhook(target: WebhookTarget): void {
    this.webhookTarget = target;
  }

  /** Delivers a signed webhook to the configured URL and returns the delivery. */
  async emitWebhook(event: string, payload: Record<string, unknown>): Promise<WebhookDelivery> {
    if (!this.webhookTarget) {
      throw new Error(
        'emitWebhook: no webhook target; pass `webhook` to startSandbox or call setWebhook({ url, secret }).',
      );
    }
    if (this.validateWebhook) {
      const action = typeof payload['action'] === 'string' ? `.${payload['action']}` : '';
      for (const message of this.validateWebhook(event, payload)) {
        this.violations.push({
          operation: `webhook ${event}${action}`,
          path: this.webhookTarget.url,
          status: 0,
          message,
        });
      }
    }
    const delivery = await deliverWebhook(this.webhookTarget, event, payload, this.app.id);
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Requests whose (REST) path matches, e.g. to assert nothing unexpected was called. */
  requestsTo(method: string, path: string | RegExp): RequestLogEntry[] {
    return this.requests.filter(
      (entry) =>
        entry.method === method &&
        (typeof path === 'string' ? entry.path === path : path.test(entry.path)),
    );
  }

  /** Stops the server and deletes every repository on disk. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
    await rm(this.root, { recursive: true, force: true });
  }
}

/** Starts a sandbox on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'modelgate-sandbox-'));
  const store = new Store();
  const appId = options.appId ?? 1;
  // A 2048-bit key pair costs about half a second of CPU; most sandboxes never use the App,
  // so a generated one is made on first use (the App's JWTs cannot exist before that).
  let credentials: AppCredentials | null = options.privateKey
    ? { appId, privateKey: options.privateKey, publicKey: publicKeyOf(options.privateKey) }
    : null;
  const appCredentials = (): AppCredentials => {
    credentials ??= generateAppCredentials(appId);
    return credentials;
  };
  const slug = options.appSlug ?? 'modelgate';
  const createdAt = timestamp();
  const appOwner = store.account(options.defaultOwner ?? 'octo-org', 'Organization');
  const app: AppRecord = {
    id: appId,
    slug,
    name: slug,
    owner: appOwner,
    get publicKey() {
      return appCredentials().publicKey;
    },
    permissions: options.appPermissions ?? DEFAULT_APP_PERMISSIONS,
    events: ['check_run', 'issue_comment', 'pull_request', 'push', 'workflow_run'],
    createdAt,
  };
  store.apps.set(app.id, app);
  const actionsBot = store.account('github-actions[bot]', 'Bot');
  const actionsApp: AppRecord = {
    id: 15368,
    slug: 'github-actions',
    name: 'GitHub Actions',
    owner: store.account('github', 'Organization'),
    publicKey: '',
    permissions: DEFAULT_APP_PERMISSIONS,
    events: [],
    createdAt,
  };
  const core: SandboxCore = {
    store,
    url: '',
    signingKey: randomBytes(32),
    reposRoot: join(root, 'repos'),
    defaultOwner: appOwner,
    actionsBot,
    actionsApp,
  };
  const adminToken = store.issueToken({
    kind: 'user',
    actor: appOwner,
    permissions: {},
    repositoryIds: null,
    installation: null,
    ttlMs: 365 * 24 * 3_600_000,
  }).token;

  const requests: RequestLogEntry[] = [];
  const violations: Violation[] = [];
  const serverErrors: Error[] = [];
  const pushes: PushUpdate[] = [];
  const faults = new Faults();
  const pipeline = createPipeline({
    core,
    router: new Router([...(options.routes ?? []), ...allRoutes]),
    faults,
    services: [
      gitHttpService(core, (updates) => pushes.push(...updates)),
      resultsService(core),
      downloadService(core),
    ],
    log: requests,
    violations,
    serverErrors,
    ...(options.validate ? { validate: options.validate } : {}),
  });
  const server = createServer(pipeline);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('sandbox server has no TCP address');
  core.url = `http://127.0.0.1:${address.port}`;
  return new Sandbox({
    core,
    app: {
      id: app.id,
      slug,
      get privateKey() {
        return appCredentials().privateKey;
      },
      get publicKey() {
        return appCredentials().publicKey;
      },
    },
    adminToken,
    requests,
    violations,
    serverErrors,
    pushes,
    faults,
    server,
    root,
    webhook: options.webhook ?? null,
    validateWebhook: options.validateWebhook ?? null,
  });
}
