import { z } from 'zod';
import { RefConflictError, ZERO_SHA } from '../git-repo.ts';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import { identityOf, resolveCommitish } from '../repo-service.ts';
import { commitShape, gitCommitShape, gitTagShape, refShape } from '../shapes/git.ts';

/**
 * Git data and history: refs (get, matching, create, update with GitHub's fast-forward rule,
 * delete), annotated tags, git commits, the commits list and `compare` (which is where
 * clients get a pull request's merge base).
 */

const SHA = /^[0-9a-f]{40}$/;

async function readRef(
  ctx: RepoContext,
  ref: string,
): Promise<{ ref: string; sha: string; type: string } | null> {
  const full = `refs/${ref}`;
  const matches = await ctx.repo.git.refs(full);
  return matches.find((candidate) => candidate.ref === full) ?? null;
}

async function requireCommit(ctx: RepoContext, sha: string): Promise<void> {
  if (!SHA.test(sha) || (await ctx.repo.git.objectType(sha)) === null) {
    throw new HttpError(422, 'Object does not exist');
  }
}

const CreateRefBody = z.object({ ref: z.string(), sha: z.string() });
const UpdateRefBody = z.object({ sha: z.string(), force: z.boolean().optional() });
const CreateTagBody = z.object({
  tag: z.string(),
  message: z.string(),
  object: z.string(),
  type: z.enum(['commit', 'tree', 'blob']),
  tagger: z.object({ name: z.string(), email: z.string(), date: z.string().optional() }).optional(),
});

/** Git data and history routes. */
export const gitRoutes: Route[] = [
  repoRoute('GET', '/repos/{owner}/{repo}/git/ref/{ref}', 'contents', 'read', async (ctx) => {
    const ref = await readRef(ctx, ctx.params['ref'] ?? '');
    if (!ref) throw notFound();
    return json(200, refShape(ctx.core, ctx.repo, ref));
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/git/matching-refs/{ref}',
    'contents',
    'read',
    async (ctx) => {
      const prefix = `refs/${ctx.params['ref'] ?? ''}`;
      // for-each-ref matches whole path components; GitHub matches any prefix of the name.
      const all = await ctx.repo.git.refs('refs/');
      const matching = all.filter((ref) => ref.ref.startsWith(prefix));
      return json(
        200,
        matching.map((ref) => refShape(ctx.core, ctx.repo, ref)),
      );
    },
  ),

  repoRoute('POST', '/repos/{owner}/{repo}/git/refs', 'contents', 'write', async (ctx) => {
    const body = parseBody(CreateRefBody, ctx.body, 'Reference');
    if (!/^refs\/.+\/.+/.test(body.ref)) {
      throw new HttpError(
        422,
        'Reference name must start with "refs/" and contain at least two slashes.',
      );
    }
    await requireCommit(ctx, body.sha);
    try {
      await ctx.repo.git.updateRef(body.ref, body.sha, ZERO_SHA);
    } catch (error) {
      if (error instanceof RefConflictError) throw new HttpError(422, 'Reference already exists');
      throw error;
    }
    const created = await readRef(ctx, body.ref.slice('refs/'.length));
    if (!created) throw new Error(`created ${body.ref} but cannot read it back`);
    return json(201, refShape(ctx.core, ctx.repo, created));
  }),

  repoRoute('PATCH', '/repos/{owner}/{repo}/git/refs/{ref}', 'contents', 'write', async (ctx) => {
    const body = parseBody(UpdateRefBody, ctx.body, 'Reference');
    const name = ctx.params['ref'] ?? '';
    const current = await readRef(ctx, name);
    if (!current) throw new HttpError(422, 'Reference does not exist');
    await requireCommit(ctx, body.sha);
    if (
      !body.force &&
      current.type === 'commit' &&
      !(await ctx.repo.git.isAncestor(current.sha, body.sha))
    ) {
      throw new HttpError(422, 'Update is not a fast forward');
    }
    try {
      await ctx.repo.git.updateRef(current.ref, body.sha, current.sha);
    } catch (error) {
      if (error instanceof RefConflictError)
        throw new HttpError(409, 'Reference update failed: the ref moved meanwhile');
      throw error;
    }
    const updated = await readRef(ctx, name);
    if (!updated) throw new Error(`updated ${current.ref} but cannot read it back`);
    return json(200, refShape(ctx.core, ctx.repo, updated));
  }),

  repoRoute('DELETE', '/repos/{owner}/{repo}/git/refs/{ref}', 'contents', 'write', async (ctx) => {
    const current = await readRef(ctx, ctx.params['ref'] ?? '');
    if (!current) throw new HttpError(422, 'Reference does not exist');
    await ctx.repo.git.deleteRef(current.ref);
    return { status: 204 };
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/git/tags/{tag_sha}', 'contents', 'read', async (ctx) => {
    const sha = ctx.params['tag_sha'] ?? '';
    if (!SHA.test(sha) || (await ctx.repo.git.objectType(sha)) !== 'tag') throw notFound();
    return json(200, gitTagShape(ctx.core, ctx.repo, await ctx.repo.git.tag(sha)));
  }),

  repoRoute('POST', '/repos/{owner}/{repo}/git/tags', 'contents', 'write', async (ctx) => {
    const body = parseBody(CreateTagBody, ctx.body, 'Tag');
    if (!SHA.test(body.object) || (await ctx.repo.git.objectType(body.object)) !== body.type) {
      throw new HttpError(422, 'Object does not exist');
    }
    const tagger = body.tagger
      ? {
          name: body.tagger.name,
          email: body.tagger.email,
          date: body.tagger.date ?? new Date().toISOString(),
        }
      : identityOf(ctx.actor);
    const sha = await ctx.repo.git.createTag({ ...body, tagger });
    return json(201, gitTagShape(ctx.core, ctx.repo, await ctx.repo.git.tag(sha)));
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    'contents',
    'read',
    async (ctx) => {
      const sha = ctx.params['commit_sha'] ?? '';
      if (!SHA.test(sha) || (await ctx.repo.git.objectType(sha)) !== 'commit') throw notFound();
      return json(200, gitCommitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(sha)));
    },
  ),

  repoRoute('GET', '/repos/{owner}/{repo}/commits', 'contents', 'read', async (ctx) => {
    const tipRef = ctx.query.get('sha') ?? ctx.repo.defaultBranch;
    const tip =
      (await ctx.repo.git.resolve(tipRef.startsWith('refs/') ? tipRef : `refs/heads/${tipRef}`)) ??
      (await ctx.repo.git.resolve(tipRef));
    if (!tip) {
      if (!(await ctx.repo.git.resolve(`refs/heads/${ctx.repo.defaultBranch}`))) {
        throw new HttpError(409, 'Git Repository is empty.');
      }
      throw new HttpError(404, `No commit found for SHA: ${tipRef}`);
    }
    const path = ctx.query.get('path') ?? undefined;
    const shas = await ctx.repo.git.log(tip, path === undefined ? {} : { path });
    const { page, headers } = paginate(shas, ctx.requestUrl);
    const commits = await ctx.repo.git.commits(page);
    return json(
      200,
      commits.map((commit) => commitShape(ctx.core, ctx.repo, commit)),
      headers,
    );
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/commits/{ref}', 'contents', 'read', async (ctx) => {
    const sha = await resolveCommitish(ctx.repo, ctx.params['ref'] ?? '');
    return json(200, commitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(sha)));
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/compare/{basehead}', 'contents', 'read', async (ctx) => {
    const basehead = ctx.params['basehead'] ?? '';
    const separator = basehead.indexOf('...');
    if (separator === -1) throw notFound();
    const base = await resolveCommitish(ctx.repo, basehead.slice(0, separator)).catch(() => {
      throw notFound();
    });
    const head = await resolveCommitish(ctx.repo, basehead.slice(separator + 3)).catch(() => {
      throw notFound();
    });
    const mergeBase = await ctx.repo.git.mergeBase(base, head);
    if (!mergeBase) throw notFound();
    const ahead = await ctx.repo.git.log(head, { exclude: mergeBase });
    const behind = await ctx.repo.git.log(base, { exclude: mergeBase });
    const status =
      ahead.length === 0 && behind.length === 0
        ? 'identical'
        : behind.length === 0
          ? 'ahead'
          : ahead.length === 0
            ? 'behind'
            : 'diverged';
    // GitHub lists compare commits oldest first.
    const commits = await ctx.repo.git.commits([...ahead].reverse());
    const files = await ctx.repo.git.diffNames(mergeBase, head);
    const api = `${ctx.core.url}/api/v3/repos/${ctx.repo.owner.login}/${ctx.repo.name}`;
    const html = `${ctx.core.url}/${ctx.repo.owner.login}/${ctx.repo.name}`;
    const statusName: Record<string, string> = {
      A: 'added',
      D: 'removed',
      M: 'modified',
      T: 'changed',
    };
    return json(200, {
      url: `${api}/compare/${basehead}`,
      html_url: `${html}/compare/${basehead}`,
      permalink_url: `${html}/compare/${base}...${head}`,
      diff_url: `${html}/compare/${basehead}.diff`,
      patch_url: `${html}/compare/${basehead}.patch`,
      base_commit: commitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(base)),
      merge_base_commit: commitShape(ctx.core, ctx.repo, await ctx.repo.git.commit(mergeBase)),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: commits.map((commit) => commitShape(ctx.core, ctx.repo, commit)),
      files: await Promise.all(
        files.map(async (file) => {
          const entry = file.status === 'D' ? null : await ctx.repo.git.entry(head, file.path);
          return {
            sha: entry?.sha ?? ZERO_SHA,
            filename: file.path,
            status: statusName[file.status.charAt(0)] ?? 'modified',
            additions: 0,
            deletions: 0,
            changes: 0,
            blob_url: `${html}/blob/${head}/${file.path}`,
            raw_url: `${html}/raw/${head}/${file.path}`,
            contents_url: `${api}/contents/${file.path}?ref=${head}`,
          };
        }),
      ),
    });
  }),
];
