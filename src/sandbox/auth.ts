import type { IncomingHttpHeaders } from 'node:http';
import { HttpError, notAccessible, notFound } from './http/errors.ts';
import type { Principal, RouteAccess, SandboxCore } from './http/route.ts';
import { JwtError, verifyAppJwt } from './jwt.ts';
import type { Access, Account, AppRecord, PermissionName, RepoRecord } from './model.ts';
import { clientIdOf } from './shapes/common.ts';

/**
 * Authentication and authorization the way GitHub does it for the callers modelgate has:
 * App JWTs (RS256, verified with the App's public key) for `/app` routes, installation tokens
 * limited to the installation's repositories and permissions, workflow `GITHUB_TOKEN`s limited
 * to one repository (read-only ones get "Resource not accessible by integration" on writes),
 * personal tokens, and anonymous reads of public repositories.
 */

function credentialsOf(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (!header) return null;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  switch (scheme.toLowerCase()) {
    case 'token':
    case 'bearer':
      return value;
    case 'basic': {
      // git and some clients send the token as the Basic password (`x-access-token:<token>`).
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon === -1 ? decoded : decoded.slice(colon + 1);
    }
    default:
      return null;
  }
}

function findApp(core: SandboxCore, issuer: unknown): AppRecord | undefined {
  for (const app of core.store.apps.values()) {
    // GitHub accepts the App id or, since 2024, its client id as the issuer.
    if (String(app.id) === String(issuer) || clientIdOf(app) === issuer) return app;
  }
  return undefined;
}

/** Resolves who is calling; bad or expired credentials are 401 like GitHub's. */
export function authenticate(core: SandboxCore, headers: IncomingHttpHeaders): Principal {
  const credential = credentialsOf(headers);
  if (credential === null || credential === '') return { kind: 'anonymous' };
  const token = core.store.tokens.get(credential);
  if (token) {
    if (Date.parse(token.expiresAt) <= Date.now()) throw new HttpError(401, 'Bad credentials');
    return { kind: 'token', token };
  }
  if (credential.split('.').length === 3) {
    const payload = credential.split('.')[1] ?? '';
    let issuer: unknown;
    try {
      const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      issuer =
        typeof claims === 'object' && claims !== null && 'iss' in claims ? claims.iss : undefined;
    } catch {
      throw new HttpError(401, 'A JSON web token could not be decoded');
    }
    const app = findApp(core, issuer);
    if (!app) throw new HttpError(401, `Integration not found for 'iss' claim ${String(issuer)}`);
    try {
      verifyAppJwt(credential, app.publicKey);
    } catch (error) {
      if (error instanceof JwtError) throw new HttpError(401, error.message);
      throw error;
    }
    return { kind: 'app', app };
  }
  throw new HttpError(401, 'Bad credentials');
}

const RANK: Record<Access, number> = { read: 1, write: 2 };

/** The account a principal acts as (writes are attributed to it). */
export function actorOf(core: SandboxCore, principal: Principal): Account {
  switch (principal.kind) {
    case 'token':
      return principal.token.actor;
    case 'app':
      return core.store.account(`${principal.app.slug}[bot]`, 'Bot');
    case 'anonymous':
      return core.store.account('ghost');
  }
}

/**
 * Checks that `principal` may call a route with `access` on `repo`. Repositories the caller
 * cannot see are 404 (GitHub never confirms that a private repository exists).
 */
export function authorize(
  principal: Principal,
  access: RouteAccess,
  repo: RepoRecord | null,
): void {
  if (access.kind === 'public') return;
  if (access.kind === 'app') {
    if (principal.kind !== 'app') {
      throw new HttpError(401, 'A JSON web token could not be decoded', {
        documentationUrl: 'https://docs.github.com/rest/apps/apps#get-the-authenticated-app',
      });
    }
    return;
  }
  if (access.kind === 'user') {
    if (principal.kind === 'anonymous') throw new HttpError(401, 'Requires authentication');
    if (principal.kind !== 'token' || principal.token.kind !== 'user') throw notAccessible();
    return;
  }
  if (!repo) throw notFound();
  switch (principal.kind) {
    case 'anonymous':
      if (repo.private) throw notFound();
      if (access.level === 'write') throw new HttpError(401, 'Requires authentication');
      return;
    case 'app':
      // An App JWT only reaches /app endpoints; repository calls need an installation token.
      throw new HttpError(403, 'Resource not accessible by integration');
    case 'token': {
      const token = principal.token;
      if (token.repositoryIds !== null && !token.repositoryIds.includes(repo.id)) throw notFound();
      if (token.installation && token.installation.account.id !== repo.owner.id) throw notFound();
      if (token.kind === 'user') {
        const isOwner = repo.owner.login.toLowerCase() === token.actor.login.toLowerCase();
        const role = repo.collaborators.get(token.actor.login.toLowerCase());
        const canWrite = isOwner || (role !== undefined && role !== 'read' && role !== 'triage');
        if (!isOwner && role === undefined && repo.private) throw notFound();
        if (access.level === 'write' && !canWrite) throw notFound();
        return;
      }
      const allows = (name: PermissionName | undefined): boolean => {
        if (name === undefined) return false;
        const granted = name === 'metadata' ? 'read' : token.permissions[name];
        return granted !== undefined && RANK[granted] >= RANK[access.level];
      };
      if (!allows(access.permission) && !allows(access.alternative)) throw notAccessible();
      return;
    }
  }
}
