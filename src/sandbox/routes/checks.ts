import { z } from 'zod';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import type { AppRecord, CheckRunRecord } from '../model.ts';
import { resolveCommitish } from '../repo-service.ts';
import { checkRunShape } from '../shapes/checks.ts';
import { timestamp } from '../timestamp.ts';

/**
 * Check runs: create, update, get, list for a ref. Only GitHub Apps (installation tokens and
 * the workflow `GITHUB_TOKEN`, which belongs to the github-actions App) may write them; a
 * personal token gets GitHub's 403.
 */

const STATUS = z.enum(['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending']);
const CONCLUSION = z.enum([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out',
]);
const Output = z.object({
  title: z.string().nullish(),
  summary: z.string().max(65535, 'output.summary is limited to 65535 characters'),
  text: z.string().max(65535, 'output.text is limited to 65535 characters').nullish(),
  annotations: z.array(z.unknown()).optional(),
  images: z.array(z.unknown()).optional(),
});

const CreateBody = z.object({
  name: z.string().min(1),
  head_sha: z.string().min(1),
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  status: STATUS.optional(),
  started_at: z.string().optional(),
  conclusion: CONCLUSION.optional(),
  completed_at: z.string().optional(),
  output: Output.optional(),
  actions: z.array(z.unknown()).optional(),
});

const UpdateBody = CreateBody.omit({ head_sha: true }).partial();

function appOf(ctx: RepoContext): AppRecord {
  if (ctx.principal.kind === 'token') {
    const token = ctx.principal.token;
    if (token.installation) return token.installation.app;
    if (token.kind === 'workflow') return ctx.core.actionsApp;
  }
  throw new HttpError(403, 'You must authenticate via a GitHub App.');
}

function applyStatus(run: CheckRunRecord, body: z.infer<typeof UpdateBody>): void {
  if (body.conclusion !== undefined) {
    // Giving a conclusion completes the run, whatever status says.
    run.status = 'completed';
    run.conclusion = body.conclusion;
    run.completedAt = body.completed_at ?? run.completedAt ?? timestamp();
  } else if (body.status !== undefined) {
    if (body.status === 'completed') {
      throw new HttpError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.', {
        errors: [{ resource: 'CheckRun', field: 'conclusion', code: 'missing_field' }],
      });
    }
    run.status = body.status;
  }
}

function runOf(ctx: RepoContext): CheckRunRecord {
  const run = ctx.data.checkRuns.find(
    (candidate) => candidate.id === Number(ctx.params['check_run_id']),
  );
  if (!run) throw notFound();
  return run;
}

/** Check run routes. */
export const checkRoutes: Route[] = [
  repoRoute('POST', '/repos/{owner}/{repo}/check-runs', 'checks', 'write', async (ctx) => {
    const body = parseBody(CreateBody, ctx.body, 'CheckRun');
    const app = appOf(ctx);
    if (
      !/^[0-9a-f]{40}$/.test(body.head_sha) ||
      (await ctx.repo.git.objectType(body.head_sha)) !== 'commit'
    ) {
      throw new HttpError(422, 'No commit found for SHA: ' + body.head_sha);
    }
    const existingSuite = ctx.data.checkRuns.find(
      (run) => run.headSha === body.head_sha && run.app.id === app.id,
    );
    const run: CheckRunRecord = {
      id: ctx.core.store.id(),
      suiteId: existingSuite?.suiteId ?? ctx.core.store.id(),
      headSha: body.head_sha,
      name: body.name,
      status: 'queued',
      conclusion: null,
      startedAt: body.started_at ?? timestamp(),
      completedAt: null,
      externalId: body.external_id ?? null,
      detailsUrl: body.details_url ?? null,
      output: {
        title: body.output?.title ?? null,
        summary: body.output?.summary ?? null,
        text: body.output?.text ?? null,
      },
      app,
    };
    applyStatus(run, body);
    ctx.data.checkRuns.push(run);
    return json(201, await checkRunShape(ctx.core, ctx.repo, run));
  }),

  repoRoute(
    'PATCH',
    '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    'checks',
    'write',
    async (ctx) => {
      const run = runOf(ctx);
      const body = parseBody(UpdateBody, ctx.body, 'CheckRun');
      if (appOf(ctx).id !== run.app.id)
        throw new HttpError(
          403,
          'Invalid app_id `' + appOf(ctx).id + '` - check run can only be modified by its creator.',
        );
      if (body.name !== undefined) run.name = body.name;
      if (body.details_url !== undefined) run.detailsUrl = body.details_url;
      if (body.external_id !== undefined) run.externalId = body.external_id;
      if (body.started_at !== undefined) run.startedAt = body.started_at;
      if (body.output !== undefined) {
        run.output = {
          title: body.output.title ?? run.output.title,
          summary: body.output.summary,
          text: body.output.text ?? run.output.text,
        };
      }
      applyStatus(run, body);
      return json(200, await checkRunShape(ctx.core, ctx.repo, run));
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    'checks',
    'read',
    async (ctx) => {
      return json(200, await checkRunShape(ctx.core, ctx.repo, runOf(ctx)));
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    'checks',
    'read',
    async (ctx) => {
      const sha = await resolveCommitish(ctx.repo, ctx.params['ref'] ?? '');
      const name = ctx.query.get('check_name');
      const status = ctx.query.get('status');
      const appId = ctx.query.get('app_id');
      let runs = ctx.data.checkRuns
        .filter((run) => run.headSha === sha)
        .filter((run) => name === null || run.name === name)
        .filter((run) => status === null || run.status === status)
        .filter((run) => appId === null || String(run.app.id) === appId);
      if ((ctx.query.get('filter') ?? 'latest') === 'latest') {
        // `filter=latest` (the default) keeps the most recent run per name and app.
        const latest = new Map<string, CheckRunRecord>();
        for (const run of runs) latest.set(`${run.app.id}:${run.name}`, run);
        runs = [...latest.values()];
      }
      runs = [...runs].sort((a, b) => b.id - a.id);
      const { page, headers } = paginate(runs, ctx.requestUrl);
      const shapes = await Promise.all(page.map((run) => checkRunShape(ctx.core, ctx.repo, run)));
      return json(200, { total_count: runs.length, check_runs: shapes }, headers);
    },
  ),
];
