import { z } from 'zod';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import { mergePull, openPull } from '../issue-service.ts';
import type { IssueRecord } from '../model.ts';
import { commitShape } from '../shapes/git.ts';
import { pullShape, pullShas } from '../shapes/issues.ts';
import { timestamp } from '../timestamp.ts';

/**
 * Pull requests: create, get, list, update, merge and list commits. Head and base shas follow
 * the branches while the pull request is open (a push to the head branch changes `head.sha`,
 * as on GitHub) and freeze when it closes.
 */

function pullOf(ctx: RepoContext): IssueRecord {
  const issue = ctx.data.issues.get(Number(ctx.params['pull_number']));
  if (!issue?.pull) throw notFound();
  return issue;
}

/** The single-pull shape with the counts GitHub derives from git. */
export async function detailedPull(
  ctx: RepoContext,
  issue: IssueRecord,
): Promise<Record<string, unknown>> {
  const shas = await pullShas(ctx.repo, issue);
  const mergeBase = (await ctx.repo.git.mergeBase(shas.base, shas.head)) ?? shas.base;
  const commits = await ctx.repo.git.log(shas.head, { exclude: mergeBase });
  const files = await ctx.repo.git.diffNames(mergeBase, shas.head);
  const comments = ctx.data.comments.filter(
    (comment) => comment.issueNumber === issue.number,
  ).length;
  return pullShape(ctx.core, ctx.repo, issue, shas, {
    commits: commits.length,
    changedFiles: files.length,
    comments,
  });
}

const CreatePullBody = z.object({
  title: z.string().min(1),
  head: z.string().min(1),
  base: z.string().min(1),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  head_repo: z.string().optional(),
});

const UpdatePullBody = z.object({
  title: z.string().optional(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']).optional(),
  base: z.string().optional(),
});

const MergeBody = z.object({
  commit_title: z.string().optional(),
  commit_message: z.string().optional(),
  sha: z.string().optional(),
  merge_method: z.enum(['merge', 'squash', 'rebase']).optional(),
});

/** Pull request routes. */
export const pullRoutes: Route[] = [
  repoRoute('GET', '/repos/{owner}/{repo}/pulls', 'pull_requests', 'read', async (ctx) => {
    const state = ctx.query.get('state') ?? 'open';
    const head = ctx.query.get('head');
    const base = ctx.query.get('base');
    const direction = ctx.query.get('direction') ?? 'desc';
    const pulls = [...ctx.data.issues.values()]
      .filter((issue) => issue.pull !== null)
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => base === null || issue.pull?.baseRef === base)
      .filter(
        (issue) =>
          head === null || `${issue.pull?.headRepo.owner.login}:${issue.pull?.headRef}` === head,
      )
      .sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number));
    const { page, headers } = paginate(pulls, ctx.requestUrl);
    const shapes = await Promise.all(
      page.map(async (issue) =>
        pullShape(ctx.core, ctx.repo, issue, await pullShas(ctx.repo, issue), null),
      ),
    );
    return json(200, shapes, headers);
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    'pull_requests',
    'read',
    async (ctx) => {
      const sha = ctx.params['commit_sha'] ?? '';
      if (!/^[0-9a-f]{40}$/.test(sha) || (await ctx.repo.git.objectType(sha)) !== 'commit') {
        throw new HttpError(422, `No commit found for SHA: ${sha}`);
      }
      // GitHub lists the pull requests that contain the commit, or whose merge produced it.
      const found: IssueRecord[] = [];
      for (const issue of ctx.data.issues.values()) {
        if (!issue.pull) continue;
        if (issue.pull.mergeCommitSha === sha) {
          found.push(issue);
          continue;
        }
        const shas = await pullShas(ctx.repo, issue);
        const mergeBase = (await ctx.repo.git.mergeBase(shas.base, shas.head)) ?? shas.base;
        if ((await ctx.repo.git.log(shas.head, { exclude: mergeBase })).includes(sha))
          found.push(issue);
      }
      const { page, headers } = paginate(found, ctx.requestUrl);
      const shapes = await Promise.all(
        page.map(async (issue) =>
          pullShape(ctx.core, ctx.repo, issue, await pullShas(ctx.repo, issue), null),
        ),
      );
      return json(200, shapes, headers);
    },
  ),

  repoRoute('POST', '/repos/{owner}/{repo}/pulls', 'pull_requests', 'write', async (ctx) => {
    const body = parseBody(CreatePullBody, ctx.body, 'PullRequest');
    const issue = await openPull(ctx.core, ctx.repo, {
      title: body.title,
      body: body.body ?? null,
      head: body.head,
      base: body.base,
      draft: body.draft ?? false,
      user: ctx.actor,
    });
    return json(201, await detailedPull(ctx, issue));
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}',
    'pull_requests',
    'read',
    async (ctx) => {
      return json(200, await detailedPull(ctx, pullOf(ctx)));
    },
  ),

  repoRoute(
    'PATCH',
    '/repos/{owner}/{repo}/pulls/{pull_number}',
    'pull_requests',
    'write',
    async (ctx) => {
      const issue = pullOf(ctx);
      const pull = issue.pull;
      if (!pull) throw notFound();
      const body = parseBody(UpdatePullBody, ctx.body, 'PullRequest');
      if (body.title !== undefined) issue.title = body.title;
      if (body.body !== undefined) issue.body = body.body;
      if (body.base !== undefined) {
        if (!(await ctx.repo.git.resolve(`refs/heads/${body.base}`))) {
          throw new HttpError(422, 'Validation Failed', {
            errors: [{ resource: 'PullRequest', field: 'base', code: 'invalid' }],
          });
        }
        pull.baseRef = body.base;
      }
      if (body.state !== undefined && body.state !== issue.state) {
        if (pull.merged) throw new HttpError(422, 'Cannot reopen a merged pull request.');
        if (body.state === 'closed') {
          const shas = await pullShas(ctx.repo, issue);
          pull.frozenHeadSha = shas.head;
          pull.frozenBaseSha = shas.base;
          issue.closedAt = timestamp();
        } else {
          pull.frozenHeadSha = null;
          pull.frozenBaseSha = null;
          issue.closedAt = null;
        }
        issue.state = body.state;
      }
      issue.updatedAt = timestamp();
      return json(200, await detailedPull(ctx, issue));
    },
  ),

  repoRoute(
    'PUT',
    '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    'contents',
    'write',
    async (ctx) => {
      const issue = pullOf(ctx);
      const body = parseBody(MergeBody, ctx.body, 'PullRequest');
      const sha = await mergePull(ctx.repo, issue, {
        method: body.merge_method ?? 'merge',
        actor: ctx.actor,
        ...(body.sha !== undefined ? { expectedHeadSha: body.sha } : {}),
        ...(body.commit_title !== undefined ? { commitTitle: body.commit_title } : {}),
        ...(body.commit_message !== undefined ? { commitMessage: body.commit_message } : {}),
      });
      return json(200, { sha, merged: true, message: 'Pull Request successfully merged' });
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/commits',
    'pull_requests',
    'read',
    async (ctx) => {
      const issue = pullOf(ctx);
      const shas = await pullShas(ctx.repo, issue);
      const mergeBase = (await ctx.repo.git.mergeBase(shas.base, shas.head)) ?? shas.base;
      // GitHub lists a pull request's commits oldest first.
      const list = (await ctx.repo.git.log(shas.head, { exclude: mergeBase })).reverse();
      const { page, headers } = paginate(list, ctx.requestUrl);
      const commits = await ctx.repo.git.commits(page);
      return json(
        200,
        commits.map((commit) => commitShape(ctx.core, ctx.repo, commit)),
        headers,
      );
    },
  ),
];
