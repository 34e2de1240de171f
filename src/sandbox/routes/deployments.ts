import { z } from 'zod';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route, type SandboxCore } from '../http/route.ts';
import type { DeploymentRecord, DeploymentStatusRecord, RepoRecord } from '../model.ts';
import { resolveCommitish } from '../repo-service.ts';
import { api, nodeId, userShape } from '../shapes/common.ts';
import { timestamp } from '../timestamp.ts';

/**
 * Deployments and deployment statuses — what deployment workflows listen to after a release.
 * `required_contexts` is enforced against check runs on the commit (409 when one is not
 * successful), the part of GitHub's behaviour a release flow can trip over.
 */

function deploymentShape(
  core: SandboxCore,
  repo: RepoRecord,
  deployment: DeploymentRecord,
): Record<string, unknown> {
  const base = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const url = `${base}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: nodeId('Deployment', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userShape(core, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.statuses.at(-1)?.createdAt ?? deployment.createdAt,
    statuses_url: `${url}/statuses`,
    repository_url: base,
    transient_environment: false,
    production_environment: deployment.environment === 'production',
    performed_via_github_app: null,
  };
}

function statusShape(
  core: SandboxCore,
  repo: RepoRecord,
  deployment: DeploymentRecord,
  status: DeploymentStatusRecord,
): Record<string, unknown> {
  const base = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const deploymentUrl = `${base}/deployments/${deployment.id}`;
  // GitHub sends "" for URLs never given, but its description requires URIs there; the
  // environment's page is what github.com links to in that case.
  const page = `${core.url}/${repo.owner.login}/${repo.name}/deployments/${encodeURIComponent(deployment.environment)}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DeploymentStatus', status.id),
    state: status.state,
    creator: userShape(core, status.creator),
    description: status.description,
    environment: deployment.environment,
    target_url: status.logUrl || page,
    log_url: status.logUrl || page,
    environment_url: status.environmentUrl || page,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: deploymentUrl,
    repository_url: base,
    performed_via_github_app: null,
  };
}

const CreateBody = z.object({
  ref: z.string().min(1),
  task: z.string().optional(),
  auto_merge: z.boolean().optional(),
  required_contexts: z.array(z.string()).optional(),
  payload: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
  environment: z.string().optional(),
  description: z.string().nullish(),
  transient_environment: z.boolean().optional(),
  production_environment: z.boolean().optional(),
});

const StatusBody = z.object({
  state: z.enum(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']),
  target_url: z.string().optional(),
  log_url: z.string().optional(),
  description: z.string().optional(),
  environment: z.string().optional(),
  environment_url: z.string().optional(),
  auto_inactive: z.boolean().optional(),
});

function deploymentOf(ctx: RepoContext): DeploymentRecord {
  const deployment = ctx.data.deployments.find(
    (candidate) => candidate.id === Number(ctx.params['deployment_id']),
  );
  if (!deployment) throw notFound();
  return deployment;
}

/** Deployment routes. */
export const deploymentRoutes: Route[] = [
  repoRoute('POST', '/repos/{owner}/{repo}/deployments', 'deployments', 'write', async (ctx) => {
    const body = parseBody(CreateBody, ctx.body, 'Deployment');
    const sha = await resolveCommitish(ctx.repo, body.ref).catch(() => {
      throw new HttpError(422, `No ref found for: ${body.ref}`);
    });
    for (const context of body.required_contexts ?? []) {
      const runs = ctx.data.checkRuns.filter((run) => run.headSha === sha && run.name === context);
      const latest = runs.at(-1);
      if (!latest || latest.conclusion !== 'success') {
        throw new HttpError(409, `Conflict: Commit status checks failed for ${body.ref}.`, {
          errors: [
            {
              resource: 'Deployment',
              code: 'custom',
              field: 'required_contexts',
              message: `${context} is not successful`,
            },
          ],
        });
      }
    }
    const deployment: DeploymentRecord = {
      id: ctx.core.store.id(),
      sha,
      ref: body.ref,
      task: body.task ?? 'deploy',
      environment: body.environment ?? 'production',
      description: body.description ?? null,
      payload: body.payload ?? {},
      creator: ctx.actor,
      createdAt: timestamp(),
      statuses: [],
    };
    ctx.data.deployments.push(deployment);
    return json(201, deploymentShape(ctx.core, ctx.repo, deployment));
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/deployments', 'deployments', 'read', async (ctx) => {
    const filters = ['sha', 'ref', 'task', 'environment'] as const;
    const deployments = [...ctx.data.deployments].reverse().filter((deployment) =>
      filters.every((name) => {
        const wanted = ctx.query.get(name);
        return wanted === null || deployment[name] === wanted;
      }),
    );
    const { page, headers } = paginate(deployments, ctx.requestUrl);
    return json(
      200,
      page.map((deployment) => deploymentShape(ctx.core, ctx.repo, deployment)),
      headers,
    );
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/deployments/{deployment_id}',
    'deployments',
    'read',
    async (ctx) => {
      return json(200, deploymentShape(ctx.core, ctx.repo, deploymentOf(ctx)));
    },
  ),

  repoRoute(
    'POST',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    'deployments',
    'write',
    async (ctx) => {
      const deployment = deploymentOf(ctx);
      const body = parseBody(StatusBody, ctx.body, 'DeploymentStatus');
      const status: DeploymentStatusRecord = {
        id: ctx.core.store.id(),
        state: body.state,
        description: body.description ?? '',
        environmentUrl: body.environment_url ?? '',
        logUrl: body.log_url ?? body.target_url ?? '',
        creator: ctx.actor,
        createdAt: timestamp(),
      };
      if (body.environment !== undefined) deployment.environment = body.environment;
      deployment.statuses.push(status);
      return json(201, statusShape(ctx.core, ctx.repo, deployment, status));
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    'deployments',
    'read',
    async (ctx) => {
      const deployment = deploymentOf(ctx);
      const { page, headers } = paginate([...deployment.statuses].reverse(), ctx.requestUrl);
      return json(
        200,
        page.map((status) => statusShape(ctx.core, ctx.repo, deployment, status)),
        headers,
      );
    },
  ),
];
