import { z } from 'zod';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { json, type Route, type RouteContext } from '../http/route.ts';
import type { AppRecord, InstallationRecord, Permissions, RepoRecord } from '../model.ts';
import { appShape, installationShape, repoShape } from '../shapes/common.ts';
import { timestamp } from '../timestamp.ts';

/**
 * The GitHub App endpoints Probot and `@octokit/auth-app` call with the App JWT: the App
 * itself, the installation of a repository, and the installation-token exchange (which may
 * narrow repositories and permissions, never widen them).
 */

function appOf(ctx: RouteContext): AppRecord {
  if (ctx.principal.kind !== 'app')
    throw new HttpError(401, 'A JSON web token could not be decoded');
  return ctx.principal.app;
}

function covers(installation: InstallationRecord, repo: RepoRecord): boolean {
  if (installation.account.id !== repo.owner.id) return false;
  return installation.repositoryIds === null || installation.repositoryIds.includes(repo.id);
}

const LEVEL = z
  .enum(['read', 'write', 'admin'])
  .transform((level) => (level === 'admin' ? 'write' : level));

const TokenBody = z.object({
  repositories: z.array(z.string()).optional(),
  repository_ids: z.array(z.number().int()).optional(),
  permissions: z.record(z.string(), LEVEL).optional(),
});

function narrow(
  granted: Permissions,
  requested: Record<string, 'read' | 'write'> | undefined,
): Permissions {
  if (!requested) return { ...granted };
  const result: Permissions = {};
  for (const [name, level] of Object.entries(requested)) {
    const has = Object.entries(granted).find(([key]) => key === name)?.[1];
    if (has === undefined || (has === 'read' && level === 'write')) {
      throw new HttpError(422, `The permissions requested are not granted to this installation.`);
    }
    Object.assign(result, { [name]: level });
  }
  return result;
}

/** App routes. */
export const appRoutes: Route[] = [
  {
    method: 'GET',
    path: '/app',
    access: { kind: 'app' },
    handler: async (ctx) => json(200, appShape(ctx.core, appOf(ctx))),
  },
  {
    method: 'GET',
    path: '/app/installations',
    access: { kind: 'app' },
    handler: async (ctx) => {
      const app = appOf(ctx);
      const installations = [...ctx.core.store.installations.values()].filter(
        (item) => item.app.id === app.id,
      );
      return json(
        200,
        installations.map((item) => installationShape(ctx.core, item)),
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/installation',
    access: { kind: 'app' },
    handler: async (ctx) => {
      const app = appOf(ctx);
      const repo = ctx.core.store.repo(ctx.params['owner'] ?? '', ctx.params['repo'] ?? '');
      const installation = repo
        ? [...ctx.core.store.installations.values()].find(
            (item) => item.app.id === app.id && covers(item, repo),
          )
        : undefined;
      if (!installation) throw notFound();
      return json(200, installationShape(ctx.core, installation));
    },
  },
  {
    method: 'POST',
    path: '/app/installations/{installation_id}/access_tokens',
    access: { kind: 'app' },
    handler: async (ctx) => {
      const app = appOf(ctx);
      const installation = ctx.core.store.installations.get(Number(ctx.params['installation_id']));
      if (!installation || installation.app.id !== app.id) throw notFound();
      const body = parseBody(TokenBody, ctx.body, 'InstallationToken');
      const reachable = [...ctx.core.store.repos.values()].filter((repo) =>
        covers(installation, repo),
      );
      let selected: RepoRecord[] | null = null;
      if (body.repositories || body.repository_ids) {
        selected = reachable.filter(
          (repo) =>
            body.repositories?.includes(repo.name) || body.repository_ids?.includes(repo.id),
        );
        const wanted = (body.repositories?.length ?? 0) + (body.repository_ids?.length ?? 0);
        if (selected.length < wanted) {
          throw new HttpError(
            422,
            'There is at least one repository that does not exist or is not accessible to the parent installation.',
          );
        }
      }
      const permissions = narrow(installation.permissions, body.permissions);
      const token = ctx.core.store.issueToken({
        kind: 'installation',
        actor: ctx.core.store.account(`${app.slug}[bot]`, 'Bot'),
        permissions,
        repositoryIds: selected
          ? selected.map((repo) => repo.id)
          : installation.repositoryIds === null
            ? null
            : [...installation.repositoryIds],
        installation,
      });
      return json(201, {
        token: token.token,
        expires_at: timestamp(new Date(token.expiresAt)),
        permissions,
        repository_selection: selected || installation.repositoryIds !== null ? 'selected' : 'all',
        ...(selected ? { repositories: selected.map((repo) => repoShape(ctx.core, repo)) } : {}),
      });
    },
  },
];
