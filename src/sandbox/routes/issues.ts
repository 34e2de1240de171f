import { z } from 'zod';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import { createIssue, ensureLabels } from '../issue-service.ts';
import type { CommentRecord, IssueRecord } from '../model.ts';
import { labelShape } from '../shapes/common.ts';
import { commentShape, issueShape, labelsOf } from '../shapes/issues.ts';
import { timestamp } from '../timestamp.ts';

/**
 * Issues, issue comments and labels. Lists are paginated at GitHub's page sizes (30 by default,
 * `per_page` up to 100) with `Link` headers, so a sticky-comment lookup that forgets to paginate
 * misses comments here exactly as it would on GitHub.
 */

function issueOf(ctx: RepoContext): IssueRecord {
  const issue = ctx.data.issues.get(Number(ctx.params['issue_number']));
  if (!issue) throw notFound();
  return issue;
}

function commentCount(ctx: RepoContext, number: number): number {
  return ctx.data.comments.filter((comment) => comment.issueNumber === number).length;
}

function commentOf(ctx: RepoContext): CommentRecord {
  const comment = ctx.data.comments.find(
    (candidate) => candidate.id === Number(ctx.params['comment_id']),
  );
  if (!comment) throw notFound();
  return comment;
}

const CreateIssueBody = z.object({
  title: z.union([z.string().min(1), z.number()]).transform(String),
  body: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  assignees: z.array(z.string()).optional(),
});

const UpdateIssueBody = z.object({
  title: z.union([z.string(), z.number()]).transform(String).optional(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'reopened']).nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  assignees: z.array(z.string()).optional(),
});

const CommentBody = z.object({ body: z.string().min(1) });
const LabelsBody = z.union([
  z.object({ labels: z.array(z.string()).min(1) }),
  z
    .array(z.string())
    .min(1)
    .transform((labels) => ({ labels })),
]);
const CreateLabelBody = z.object({
  name: z.string().min(1),
  color: z
    .string()
    .regex(/^#?[0-9a-fA-F]{6}$/)
    .optional(),
  description: z.string().nullish(),
});

const labelName = (label: string | { name: string }): string =>
  typeof label === 'string' ? label : label.name;

/** Issue, comment and label routes. */
export const issueRoutes: Route[] = [
  repoRoute('GET', '/repos/{owner}/{repo}/issues', 'issues', 'read', async (ctx) => {
    const state = ctx.query.get('state') ?? 'open';
    const labels = (ctx.query.get('labels') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const creator = ctx.query.get('creator')?.toLowerCase();
    const direction = ctx.query.get('direction') ?? 'desc';
    const issues = [...ctx.data.issues.values()]
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) =>
        labels.every((name) => issue.labels.some((label) => label.toLowerCase() === name)),
      )
      .filter((issue) => creator === undefined || issue.user.login.toLowerCase() === creator)
      .sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number));
    const { page, headers } = paginate(issues, ctx.requestUrl);
    return json(
      200,
      page.map((issue) => issueShape(ctx.core, ctx.repo, issue, commentCount(ctx, issue.number))),
      headers,
    );
  }),

  repoRoute('POST', '/repos/{owner}/{repo}/issues', 'issues', 'write', async (ctx) => {
    const body = parseBody(CreateIssueBody, ctx.body, 'Issue');
    const issue = createIssue(ctx.core, ctx.repo, {
      title: body.title,
      body: body.body ?? null,
      labels: (body.labels ?? []).map(labelName),
      assignees: (body.assignees ?? []).map((login) => ctx.core.store.account(login)),
      user: ctx.actor,
    });
    return json(201, issueShape(ctx.core, ctx.repo, issue, 0));
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/issues/{issue_number}',
    'issues',
    'read',
    async (ctx) => {
      const issue = issueOf(ctx);
      return json(200, issueShape(ctx.core, ctx.repo, issue, commentCount(ctx, issue.number)));
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'PATCH',
    '/repos/{owner}/{repo}/issues/{issue_number}',
    'issues',
    'write',
    async (ctx) => {
      const issue = issueOf(ctx);
      const body = parseBody(UpdateIssueBody, ctx.body, 'Issue');
      if (body.title !== undefined) issue.title = body.title;
      if (body.body !== undefined) issue.body = body.body;
      if (body.labels !== undefined)
        issue.labels = ensureLabels(ctx.core, ctx.repo, body.labels.map(labelName));
      if (body.assignees !== undefined)
        issue.assignees = body.assignees.map((login) => ctx.core.store.account(login));
      if (body.state !== undefined && body.state !== issue.state) {
        if (issue.pull?.merged) throw new HttpError(422, 'Cannot reopen a merged pull request.');
        issue.state = body.state;
        issue.closedAt = body.state === 'closed' ? timestamp() : null;
        issue.stateReason =
          body.state === 'closed' ? (body.state_reason ?? 'completed') : 'reopened';
      } else if (body.state_reason !== undefined) {
        issue.stateReason = body.state_reason;
      }
      issue.updatedAt = timestamp();
      return json(200, issueShape(ctx.core, ctx.repo, issue, commentCount(ctx, issue.number)));
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    'issues',
    'read',
    async (ctx) => {
      const issue = issueOf(ctx);
      const since = ctx.query.get('since');
      const comments = ctx.data.comments
        .filter((comment) => comment.issueNumber === issue.number)
        .filter((comment) => since === null || comment.updatedAt >= since);
      const { page, headers } = paginate(comments, ctx.requestUrl);
      return json(
        200,
        page.map((comment) => commentShape(ctx.core, ctx.repo, comment)),
        headers,
      );
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    'issues',
    'write',
    async (ctx) => {
      const issue = issueOf(ctx);
      const body = parseBody(CommentBody, ctx.body, 'IssueComment');
      const at = timestamp();
      const comment: CommentRecord = {
        id: ctx.core.store.id(),
        issueNumber: issue.number,
        body: body.body,
        user: ctx.actor,
        createdAt: at,
        updatedAt: at,
      };
      ctx.data.comments.push(comment);
      issue.updatedAt = at;
      return json(201, commentShape(ctx.core, ctx.repo, comment));
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    'issues',
    'read',
    async (ctx) => {
      return json(200, commentShape(ctx.core, ctx.repo, commentOf(ctx)));
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'PATCH',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    'issues',
    'write',
    async (ctx) => {
      const comment = commentOf(ctx);
      const body = parseBody(CommentBody, ctx.body, 'IssueComment');
      comment.body = body.body;
      comment.updatedAt = timestamp();
      return json(200, commentShape(ctx.core, ctx.repo, comment));
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'DELETE',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    'issues',
    'write',
    async (ctx) => {
      const comment = commentOf(ctx);
      ctx.data.comments.splice(ctx.data.comments.indexOf(comment), 1);
      return { status: 204 };
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    'issues',
    'read',
    async (ctx) => {
      const issue = issueOf(ctx);
      const { page, headers } = paginate(labelsOf(ctx.repo, issue.labels), ctx.requestUrl);
      return json(
        200,
        page.map((label) => labelShape(ctx.core, ctx.repo, label)),
        headers,
      );
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    'issues',
    'write',
    async (ctx) => {
      const issue = issueOf(ctx);
      const body = parseBody(LabelsBody, ctx.body, 'Label');
      for (const name of ensureLabels(ctx.core, ctx.repo, body.labels)) {
        if (!issue.labels.some((label) => label.toLowerCase() === name.toLowerCase()))
          issue.labels.push(name);
      }
      issue.updatedAt = timestamp();
      return json(
        200,
        labelsOf(ctx.repo, issue.labels).map((label) => labelShape(ctx.core, ctx.repo, label)),
      );
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'DELETE',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    'issues',
    'write',
    async (ctx) => {
      const issue = issueOf(ctx);
      const name = (ctx.params['name'] ?? '').toLowerCase();
      const index = issue.labels.findIndex((label) => label.toLowerCase() === name);
      if (index === -1) throw new HttpError(404, 'Label does not exist');
      issue.labels.splice(index, 1);
      issue.updatedAt = timestamp();
      return json(
        200,
        labelsOf(ctx.repo, issue.labels).map((label) => labelShape(ctx.core, ctx.repo, label)),
      );
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/labels',
    'issues',
    'read',
    async (ctx) => {
      const { page, headers } = paginate(ctx.repo.labels, ctx.requestUrl);
      return json(
        200,
        page.map((label) => labelShape(ctx.core, ctx.repo, label)),
        headers,
      );
    },
    { alternative: 'pull_requests' },
  ),

  repoRoute(
    'POST',
    '/repos/{owner}/{repo}/labels',
    'issues',
    'write',
    async (ctx) => {
      const body = parseBody(CreateLabelBody, ctx.body, 'Label');
      if (ctx.repo.labels.some((label) => label.name.toLowerCase() === body.name.toLowerCase())) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
        });
      }
      const label = {
        id: ctx.core.store.id(),
        name: body.name,
        color: (body.color ?? 'ededed').replace(/^#/, '').toLowerCase(),
        description: body.description ?? null,
      };
      ctx.repo.labels.push(label);
      return json(201, labelShape(ctx.core, ctx.repo, label));
    },
    { alternative: 'pull_requests' },
  ),
];
