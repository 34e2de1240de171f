import { z } from 'zod';
import { RefConflictError } from '../git-repo.ts';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import { commitToBranch, resolveCommitish } from '../repo-service.ts';
import { contentEntryShape, gitCommitShape } from '../shapes/git.ts';

/**
 * The contents API, on top of git: reads resolve `ref` to a commit and walk its tree; writes
 * commit onto the branch with the same preconditions GitHub applies — updating or deleting a
 * file needs the blob `sha` you read (a different one is 409), creating a file that already
 * exists without `sha` is 422.
 */

/**
 * GitHub lists at most this many entries of a directory through the contents API, the first
 * in git's order, and says nothing of the rest; the git trees API lists them all.
 */
const DIRECTORY_LISTING_LIMIT = 1000;

const RAW_TYPES = ['application/vnd.github.raw', 'application/vnd.github.v3.raw'];

function wantsRaw(ctx: RepoContext): boolean {
  const accept = ctx.headers.accept ?? '';
  return RAW_TYPES.some((type) => accept.includes(type));
}

/** Base64 wrapped at 60 columns, as GitHub sends file contents. */
function wrapBase64(data: Buffer): string {
  return (data.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
}

const Identity = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });

const PutBody = z.object({
  message: z.string(),
  content: z.string(),
  sha: z.string().optional(),
  branch: z.string().optional(),
  committer: Identity.optional(),
  author: Identity.optional(),
});

const DeleteBody = z.object({
  message: z.string(),
  sha: z.string(),
  branch: z.string().optional(),
  committer: Identity.optional(),
  author: Identity.optional(),
});

async function branchTip(ctx: RepoContext, branch: string): Promise<string | null> {
  const tip = await ctx.repo.git.resolve(`refs/heads/${branch}`);
  if (!tip && branch !== ctx.repo.defaultBranch)
    throw new HttpError(404, `Branch ${branch} not found`);
  return tip;
}

function conflict(error: unknown): never {
  if (error instanceof RefConflictError) {
    throw new HttpError(
      409,
      'Conflict: the branch moved while the file was being written; read it again and retry.',
    );
  }
  throw error;
}

/** Contents routes. */
export const contentsRoutes: Route[] = [
  repoRoute('GET', '/repos/{owner}/{repo}/contents/{path}', 'contents', 'read', async (ctx) => {
    const ref = ctx.query.get('ref') ?? ctx.repo.defaultBranch;
    const path = (ctx.params['path'] ?? '').replace(/^\/+|\/+$/g, '');
    let commit: string;
    try {
      commit = await resolveCommitish(ctx.repo, ref);
    } catch {
      throw new HttpError(404, `No commit found for the ref ${ref}`);
    }
    const entry = await ctx.repo.git.entry(commit, path);
    if (!entry) throw notFound();
    if (entry.type === 'tree') {
      const entries = await ctx.repo.git.listTree(entry.sha, path);
      return json(
        200,
        entries
          .slice(0, DIRECTORY_LISTING_LIMIT)
          .map((child) => contentEntryShape(ctx.core, ctx.repo, child, ref)),
      );
    }
    const data = await ctx.repo.git.blob(entry.sha);
    if (wantsRaw(ctx)) {
      return {
        status: 200,
        raw: data,
        headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' },
      };
    }
    return json(200, {
      ...contentEntryShape(ctx.core, ctx.repo, entry, ref),
      content: wrapBase64(data),
      encoding: 'base64',
    });
  }),

  repoRoute('PUT', '/repos/{owner}/{repo}/contents/{path}', 'contents', 'write', async (ctx) => {
    const body = parseBody(PutBody, ctx.body, 'Contents');
    const path = (ctx.params['path'] ?? '').replace(/^\/+|\/+$/g, '');
    const branch = body.branch ?? ctx.repo.defaultBranch;
    const tip = await branchTip(ctx, branch);
    const existing = tip ? await ctx.repo.git.entry(tip, path) : null;
    if (existing?.type === 'tree') throw new HttpError(422, `"${path}" is a directory.`);
    if (existing && body.sha === undefined) {
      throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.', {
        errors: [{ resource: 'Contents', field: 'sha', code: 'missing_field' }],
      });
    }
    if (body.sha !== undefined && body.sha !== existing?.sha) {
      throw new HttpError(409, `${path} does not match ${body.sha}`);
    }
    let sha: string;
    try {
      sha = await commitToBranch(ctx.repo, {
        branch,
        files: { [path]: Buffer.from(body.content, 'base64') },
        message: body.message,
        author: ctx.actor,
        expectedTip: tip,
      });
    } catch (error) {
      conflict(error);
    }
    const entry = await ctx.repo.git.entry(sha, path);
    if (!entry) throw new Error(`committed ${path} but cannot read it back from ${sha}`);
    return json(existing ? 200 : 201, {
      content: contentEntryShape(ctx.core, ctx.repo, entry, branch),
      commit: gitCommitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(sha)),
    });
  }),

  repoRoute('DELETE', '/repos/{owner}/{repo}/contents/{path}', 'contents', 'write', async (ctx) => {
    const body = parseBody(DeleteBody, ctx.body, 'Contents');
    const path = (ctx.params['path'] ?? '').replace(/^\/+|\/+$/g, '');
    const branch = body.branch ?? ctx.repo.defaultBranch;
    const tip = await branchTip(ctx, branch);
    const existing = tip ? await ctx.repo.git.entry(tip, path) : null;
    if (!existing || existing.type !== 'blob') throw notFound();
    if (body.sha !== existing.sha) throw new HttpError(409, `${path} does not match ${body.sha}`);
    let sha: string;
    try {
      sha = await commitToBranch(ctx.repo, {
        branch,
        files: { [path]: null },
        message: body.message,
        author: ctx.actor,
        expectedTip: tip,
      });
    } catch (error) {
      conflict(error);
    }
    return json(200, {
      content: null,
      commit: gitCommitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(sha)),
    });
  }),
];
