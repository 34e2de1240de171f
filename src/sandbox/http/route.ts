import type { IncomingHttpHeaders } from 'node:http';
import type { Access, Account, AppRecord, PermissionName, RepoData, RepoRecord } from '../model.ts';
import type { Store, TokenRecord } from '../store.ts';

/**
 * The vocabulary shared by the router and the route modules: what a handler receives, what it
 * returns and how a route declares the permission it needs.
 */

/** Server-wide facts and services handlers need. */
export interface SandboxCore {
  store: Store;
  /** Base URL, `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** Key for signed blob URLs and runtime tokens; random per server. */
  signingKey: Buffer;
  /** Directory holding the bare repositories. */
  reposRoot: string;
  /** The account new repositories belong to when created through the state API by default. */
  defaultOwner: Account;
  /** Bot account that workflow tokens act as. */
  actionsBot: Account;
  /** The github-actions App that owns what workflow tokens create (check runs). */
  actionsApp: AppRecord;
}

/** The authenticated caller. */
export type Principal =
  { kind: 'anonymous' } | { kind: 'app'; app: AppRecord } | { kind: 'token'; token: TokenRecord };

/** Everything a handler gets about the request. */
export interface RouteContext {
  core: SandboxCore;
  method: string;
  /** Path params by OpenAPI name (`owner`, `issue_number`, `path`, ...), decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when empty), or the raw bytes for raw routes. */
  body: unknown;
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  principal: Principal;
  /** The full request URL (for pagination links). */
  requestUrl: URL;
  /** Set by the router for repository routes once the repository is resolved and authorized. */
  scope?: RepoScope;
}

/** The repository a route works on, its records and who performs writes. */
export interface RepoScope {
  repo: RepoRecord;
  data: RepoData;
  /** The token's user or bot (writes are attributed to it). */
  actor: Account;
}

/** A handler of a repository route also gets the repository and its records. */
export type RepoContext = RouteContext & RepoScope;

/** What a handler answers. `raw` bypasses JSON encoding (raw media types, zips, redirects). */
export interface Reply {
  status: number;
  body?: unknown;
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

/** The permission a route needs. */
export type RouteAccess =
  | {
      kind: 'repo';
      permission: PermissionName;
      level: Access;
      /** Also accepted (issue comments on pull requests work with `pull_requests`). */
      alternative?: PermissionName;
    }
  | { kind: 'app' }
  | { kind: 'user' }
  | { kind: 'public' };

/** One REST route, keyed by its OpenAPI operation path (without the `/api/v3` prefix). */
export interface Route {
  method: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  path: string;
  access: RouteAccess;
  /** Keep the body as bytes (release asset uploads). */
  raw?: boolean;
  /** Served on the upload host (`/api/uploads`) rather than under `/api/v3`. */
  upload?: boolean;
  handler: (ctx: RouteContext) => Promise<Reply>;
}

/** Declares a route on a repository; the router resolves and authorizes the repository first. */
export function repoRoute(
  method: string,
  path: string,
  permission: PermissionName,
  level: Access,
  handler: (ctx: RepoContext) => Promise<Reply>,
  options: { raw?: boolean; upload?: boolean; alternative?: PermissionName } = {},
): Route {
  const { alternative, ...rest } = options;
  return {
    method,
    path,
    access: { kind: 'repo', permission, level, ...(alternative ? { alternative } : {}) },
    ...rest,
    handler: (ctx) => {
      if (!ctx.scope) throw new Error(`route ${method} ${path} reached without a repository`);
      return handler({ ...ctx, ...ctx.scope });
    },
  };
}

/** A JSON reply with optional headers. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}
