import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route } from '../http/route.ts';
import type { GitCommit } from '../git-repo.ts';
import type { ArtifactRecord, WorkflowRunRecord } from '../model.ts';
import { artifactShape, workflowRunShape } from '../shapes/actions.ts';
import { signUrl } from '../signed-url.ts';

/**
 * Actions: workflow runs and their artifacts. Downloading an artifact answers 302 with a
 * short-lived signed URL to the zip (GitHub redirects to blob storage the same way; clients
 * must follow the redirect and must not need their token there).
 */

function runOf(ctx: RepoContext): WorkflowRunRecord {
  const run = ctx.data.workflowRuns.find(
    (candidate) => candidate.id === Number(ctx.params['run_id']),
  );
  if (!run) throw notFound();
  return run;
}

function artifactOf(ctx: RepoContext): { run: WorkflowRunRecord; artifact: ArtifactRecord } {
  const id = Number(ctx.params['artifact_id']);
  for (const run of ctx.data.workflowRuns) {
    const artifact = run.artifacts.find(
      (candidate) => candidate.id === id && candidate.zip !== null,
    );
    if (artifact) return { run, artifact };
  }
  throw notFound();
}

/** The run's head commit, or null when the sandbox never saw it (a run added for a made-up sha). */
async function headCommit(run: WorkflowRunRecord): Promise<GitCommit | null> {
  const type = await run.headRepo.git.objectType(run.headSha);
  return type === 'commit' ? run.headRepo.git.commit(run.headSha) : null;
}

/** Actions routes. */
export const actionsRoutes: Route[] = [
  repoRoute('GET', '/repos/{owner}/{repo}/actions/runs', 'actions', 'read', async (ctx) => {
    const filters: Record<string, (run: WorkflowRunRecord) => string> = {
      branch: (run) => run.headBranch,
      event: (run) => run.event,
      head_sha: (run) => run.headSha,
      actor: (run) => run.actor.login,
    };
    const status = ctx.query.get('status');
    const runs = [...ctx.data.workflowRuns]
      .reverse()
      .filter((run) =>
        Object.entries(filters).every(([name, read]) => {
          const wanted = ctx.query.get(name);
          return wanted === null || read(run) === wanted;
        }),
      )
      .filter((run) => status === null || run.status === status || run.conclusion === status);
    const { page, headers } = paginate(runs, ctx.requestUrl);
    const shapes = await Promise.all(
      page.map(async (run) => workflowRunShape(ctx.core, ctx.repo, run, await headCommit(run))),
    );
    return json(200, { total_count: runs.length, workflow_runs: shapes }, headers);
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/actions/runs/{run_id}',
    'actions',
    'read',
    async (ctx) => {
      const run = runOf(ctx);
      return json(200, await workflowRunShape(ctx.core, ctx.repo, run, await headCommit(run)));
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
    'actions',
    'read',
    async (ctx) => {
      const run = runOf(ctx);
      const name = ctx.query.get('name');
      const artifacts = run.artifacts.filter(
        (artifact) => artifact.zip !== null && (name === null || artifact.name === name),
      );
      const { page, headers } = paginate(artifacts, ctx.requestUrl);
      return json(
        200,
        {
          total_count: artifacts.length,
          artifacts: page.map((artifact) => artifactShape(ctx.core, ctx.repo, run, artifact)),
        },
        headers,
      );
    },
  ),

  repoRoute('GET', '/repos/{owner}/{repo}/actions/artifacts', 'actions', 'read', async (ctx) => {
    const name = ctx.query.get('name');
    const pairs = [...ctx.data.workflowRuns]
      .reverse()
      .flatMap((run) =>
        run.artifacts
          .filter((artifact) => artifact.zip !== null && (name === null || artifact.name === name))
          .map((artifact) => ({ run, artifact })),
      );
    const { page, headers } = paginate(pairs, ctx.requestUrl);
    return json(
      200,
      {
        total_count: pairs.length,
        artifacts: page.map(({ run, artifact }) =>
          artifactShape(ctx.core, ctx.repo, run, artifact),
        ),
      },
      headers,
    );
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
    'actions',
    'read',
    async (ctx) => {
      const { run, artifact } = artifactOf(ctx);
      return json(200, artifactShape(ctx.core, ctx.repo, run, artifact));
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
    'actions',
    'read',
    async (ctx) => {
      if (ctx.params['archive_format'] !== 'zip') throw notFound();
      const { artifact } = artifactOf(ctx);
      if (Date.parse(artifact.expiresAt) <= Date.now())
        throw new HttpError(410, 'Artifact has expired');
      const location = signUrl(
        ctx.core.signingKey,
        ctx.core.url,
        `/_blobs/artifacts/${artifact.id}.zip`,
        60_000,
      );
      return { status: 302, headers: { location }, raw: '' };
    },
  ),
];
