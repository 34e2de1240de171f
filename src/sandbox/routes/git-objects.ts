import { z } from 'zod';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import { identityOf } from '../repo-service.ts';
import { api, nodeId } from '../shapes/common.ts';
import { gitCommitShape } from '../shapes/git.ts';

/**
 * The low-level git database API: blobs, trees and commits. It is how clients write a commit
 * that is not on top of a branch (an orphan history branch, a commit with several files at
 * once), which the contents API cannot do.
 */

const SHA = /^[0-9a-f]{40}$/;

async function requireObject(
  ctx: RepoContext,
  sha: string,
  type: string,
  field: string,
): Promise<void> {
  if (!SHA.test(sha) || (await ctx.repo.git.objectType(sha)) !== type) {
    throw new HttpError(422, `${field} ${sha} is not a ${type} of this repository.`, {
      errors: [{ resource: 'Git', field, code: 'invalid' }],
    });
  }
}

async function treeShape(
  ctx: RepoContext,
  sha: string,
  recursive: boolean,
): Promise<Record<string, unknown>> {
  const base = `${api(ctx.core)}/repos/${ctx.repo.owner.login}/${ctx.repo.name}`;
  const entries = await ctx.repo.git.listTree(sha, '', recursive);
  return {
    sha,
    url: `${base}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map((entry) => ({
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.type === 'blob' ? { size: entry.size } : {}),
      url: `${base}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`,
    })),
  };
}

const Identity = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });

const CreateBlobBody = z.object({
  content: z.string(),
  encoding: z.enum(['utf-8', 'base64']).optional(),
});
const CreateTreeBody = z.object({
  base_tree: z.string().optional(),
  tree: z.array(
    z.object({
      path: z.string().min(1),
      mode: z.enum(['100644', '100755', '040000', '160000', '120000']),
      type: z.enum(['blob', 'tree', 'commit']),
      sha: z.string().nullable().optional(),
      content: z.string().optional(),
    }),
  ),
});
const CreateCommitBody = z.object({
  message: z.string(),
  tree: z.string(),
  parents: z.array(z.string()).optional(),
  author: Identity.optional(),
  committer: Identity.optional(),
  signature: z.string().optional(),
});

/** Git database routes. */
export const gitObjectRoutes: Route[] = [
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    'contents',
    'read',
    async (ctx) => {
      const sha = ctx.params['file_sha'] ?? '';
      if (!SHA.test(sha) || (await ctx.repo.git.objectType(sha)) !== 'blob') throw notFound();
      const data = await ctx.repo.git.blob(sha);
      if ((ctx.headers.accept ?? '').includes('application/vnd.github.raw')) {
        return {
          status: 200,
          raw: data,
          headers: { 'content-type': 'application/vnd.github.raw' },
        };
      }
      return json(200, {
        sha,
        node_id: nodeId('Blob', sha),
        size: data.length,
        url: `${api(ctx.core)}/repos/${ctx.repo.owner.login}/${ctx.repo.name}/git/blobs/${sha}`,
        content: data.toString('base64'),
        encoding: 'base64',
      });
    },
  ),

  repoRoute('POST', '/repos/{owner}/{repo}/git/blobs', 'contents', 'write', async (ctx) => {
    const body = parseBody(CreateBlobBody, ctx.body, 'Blob');
    const data = Buffer.from(body.content, body.encoding === 'base64' ? 'base64' : 'utf8');
    const sha = await ctx.repo.git.writeBlob(data);
    return json(201, {
      sha,
      url: `${api(ctx.core)}/repos/${ctx.repo.owner.login}/${ctx.repo.name}/git/blobs/${sha}`,
    });
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/git/trees/{tree_sha}',
    'contents',
    'read',
    async (ctx) => {
      const spec = ctx.params['tree_sha'] ?? '';
      const sha = await ctx.repo.git.resolve(`${spec}^{tree}`, 'object');
      if (!sha) throw notFound();
      const recursive =
        ctx.query.has('recursive') &&
        ctx.query.get('recursive') !== 'false' &&
        ctx.query.get('recursive') !== '0';
      return json(200, await treeShape(ctx, sha, recursive));
    },
  ),

  repoRoute('POST', '/repos/{owner}/{repo}/git/trees', 'contents', 'write', async (ctx) => {
    const body = parseBody(CreateTreeBody, ctx.body, 'Tree');
    if (body.base_tree !== undefined) await requireObject(ctx, body.base_tree, 'tree', 'base_tree');
    const entries: { path: string; mode: string; sha: string | null }[] = [];
    for (const entry of body.tree) {
      if (entry.content !== undefined && entry.sha !== undefined) {
        throw new HttpError(422, `tree.sha and tree.content are exclusive (path ${entry.path}).`);
      }
      if (entry.content !== undefined) {
        entries.push({
          path: entry.path,
          mode: entry.mode,
          sha: await ctx.repo.git.writeBlob(entry.content),
        });
      } else if (entry.sha === null) {
        entries.push({ path: entry.path, mode: entry.mode, sha: null });
      } else if (entry.sha !== undefined && entry.type === 'tree') {
        await requireObject(ctx, entry.sha, 'tree', 'tree.sha');
        // The index holds files only: a subtree is added as the files it contains.
        for (const file of await ctx.repo.git.listTree(entry.sha, entry.path, true)) {
          entries.push({ path: file.path, mode: file.mode, sha: file.sha });
        }
      } else if (entry.sha !== undefined) {
        if (entry.type === 'blob') await requireObject(ctx, entry.sha, 'blob', 'tree.sha');
        entries.push({ path: entry.path, mode: entry.mode, sha: entry.sha });
      } else {
        throw new HttpError(422, `tree entry ${entry.path} needs "sha" or "content".`);
      }
    }
    const sha = await ctx.repo.git.buildTree(body.base_tree ?? null, entries);
    return json(201, await treeShape(ctx, sha, false));
  }),

  repoRoute('POST', '/repos/{owner}/{repo}/git/commits', 'contents', 'write', async (ctx) => {
    const body = parseBody(CreateCommitBody, ctx.body, 'Commit');
    await requireObject(ctx, body.tree, 'tree', 'tree');
    for (const parent of body.parents ?? []) await requireObject(ctx, parent, 'commit', 'parents');
    const fallback = identityOf(ctx.actor);
    const author = body.author
      ? { ...body.author, date: body.author.date ?? fallback.date }
      : fallback;
    const committer = body.committer
      ? { ...body.committer, date: body.committer.date ?? author.date }
      : author;
    const sha = await ctx.repo.git.commitTree(
      body.tree,
      body.parents ?? [],
      body.message,
      author,
      committer,
    );
    return json(201, gitCommitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(sha)));
  }),
];
