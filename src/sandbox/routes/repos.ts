import { z } from 'zod';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import { actorOf } from '../auth.ts';
import { createRepository } from '../repo-service.ts';
import { repoShape, userShape } from '../shapes/common.ts';
import { commitShape, shortBranchShape } from '../shapes/git.ts';

/**
 * Repositories: get, create for the authenticated user, branches, collaborator permission.
 */

function openIssueCount(ctx: RepoContext): number {
  let count = 0;
  for (const issue of ctx.data.issues.values()) if (issue.state === 'open') count += 1;
  return count;
}

const CreateRepoBody = z.object({
  name: z.string().min(1),
  description: z.string().nullish(),
  private: z.boolean().optional(),
  auto_init: z.boolean().optional(),
});

/** Repository routes. */
export const repoRoutes: Route[] = [
  repoRoute('GET', '/repos/{owner}/{repo}', 'metadata', 'read', async (ctx) => {
    const shape = repoShape(ctx.core, ctx.repo, openIssueCount(ctx));
    const token = ctx.principal.kind === 'token' ? ctx.principal.token : null;
    const push =
      token !== null && (token.kind === 'user' || token.permissions.contents === 'write');
    return json(200, {
      ...shape,
      permissions: {
        admin: token?.kind === 'user',
        maintain: push,
        push,
        triage: push,
        pull: true,
      },
    });
  }),

  {
    method: 'POST',
    path: '/user/repos',
    access: { kind: 'user' },
    handler: async (ctx) => {
      const body = parseBody(CreateRepoBody, ctx.body, 'Repository');
      const owner = actorOf(ctx.core, ctx.principal);
      const repo = await createRepository(ctx.core, {
        owner,
        name: body.name,
        private: body.private ?? false,
        description: body.description ?? null,
        ...(body.auto_init ? { files: { 'README.md': `# ${body.name}\n` } } : {}),
      });
      return json(201, {
        ...repoShape(ctx.core, repo),
        permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
      });
    },
  },

  repoRoute('GET', '/repos/{owner}/{repo}/branches', 'contents', 'read', async (ctx) => {
    const refs = await ctx.repo.git.refs('refs/heads/');
    const branches = refs.map((ref) =>
      shortBranchShape(ctx.core, ctx.repo, ref.ref.slice('refs/heads/'.length), ref.sha),
    );
    const { page, headers } = paginate(branches, ctx.requestUrl);
    return json(200, page, headers);
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/branches/{branch}', 'contents', 'read', async (ctx) => {
    const name = ctx.params['branch'] ?? '';
    const sha = await ctx.repo.git.resolve(`refs/heads/${name}`);
    if (!sha) throw new HttpError(404, 'Branch not found');
    const base = `${ctx.core.url}/api/v3/repos/${ctx.repo.owner.login}/${ctx.repo.name}`;
    return json(200, {
      name,
      commit: commitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(sha)),
      _links: {
        self: `${base}/branches/${encodeURIComponent(name)}`,
        html: `${ctx.core.url}/${ctx.repo.owner.login}/${ctx.repo.name}/tree/${name}`,
      },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
      },
      protection_url: `${base}/branches/${encodeURIComponent(name)}/protection`,
    });
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/collaborators/{username}/permission',
    'metadata',
    'read',
    async (ctx) => {
      const login = ctx.params['username'] ?? '';
      const account = ctx.core.store.accounts.get(login.toLowerCase());
      if (!account) throw notFound();
      const role =
        ctx.repo.collaborators.get(login.toLowerCase()) ?? (ctx.repo.private ? 'none' : 'read');
      // The legacy `permission` field folds maintain into write and triage into read.
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return json(200, {
        permission,
        role_name: role,
        user: { ...userShape(ctx.core, account), role_name: role },
      });
    },
  ),
];
