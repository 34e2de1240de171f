import { ARTIFACT_NAME } from '../core/constants.ts';
import type { OverrideRecord } from './comment-state.ts';
import { gatePullRequest, type GatePullRequestResult } from './gate-pull-request.ts';
import type { HandlerContext, RunRef } from './handler-context.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import { getPullRequest } from '../github/pull-requests.ts';
import { FAILED_CONCLUSIONS } from '../github/run-conclusion.ts';
import { usesModelgate } from './workflow-file.ts';

/** Runs looked at per head commit; a commit rarely has more than a handful of workflow runs. */
const MAX_RUNS = 100;

/**
 * The run whose result the gate of `headSha` reports: the newest completed run that uploaded
 * `modelgate-report`, else the newest failed run of a modelgate workflow (its failure is the
 * gate's answer), else null.
 */
export async function findLatestRun(ctx: HandlerContext, headSha: string): Promise<RunRef | null> {
  const { octokit, owner, repo } = ctx;
  const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
    owner,
    repo,
    head_sha: headSha,
    status: 'completed',
    per_page: MAX_RUNS,
  });
  const runs = data.workflow_runs
    .filter((run) => run.head_sha === headSha)
    .sort((a, b) => b.id - a.id);
  for (const run of runs) {
    const { data: artifacts } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner,
      repo,
      run_id: run.id,
      name: ARTIFACT_NAME,
    });
    if (
      artifacts.artifacts.some((artifact) => artifact.name === ARTIFACT_NAME && !artifact.expired)
    ) {
      return toRunRef(run);
    }
  }
  for (const run of runs) {
    if (FAILED_CONCLUSIONS.has(run.conclusion ?? '') && (await usesModelgate(ctx, run.path)))
      return toRunRef(run);
  }
  return null;
}

function toRunRef(run: {
  id: number;
  name?: string | null;
  path: string;
  head_sha: string;
  conclusion: string | null;
  html_url: string;
}): RunRef {
  return {
    id: run.id,
    name: run.name ?? run.path,
    headSha: run.head_sha,
    conclusion: run.conclusion,
    htmlUrl: run.html_url,
  };
}

/**
 * Recomputes the gate of a pull request's current head from its latest run, with today's
 * config and baseline (`/modelgate rerun`, "Re-run" on the check, a changed base branch), and
 * records an override when one is given. Serialised with every other job of the pull request.
 */
export function rerunGate(
  ctx: HandlerContext,
  queue: KeyedQueue,
  pullNumber: number,
  override?: Omit<OverrideRecord, 'sha'>,
): Promise<GatePullRequestResult | null> {
  return queue.run(`${ctx.owner}/${ctx.repo}#${pullNumber}`, async () => {
    const pull = await getPullRequest({ ...ctx, number: pullNumber });
    if (pull.state !== 'open') return null;
    const run = await findLatestRun(ctx, pull.headSha);
    return gatePullRequest(ctx, {
      pull,
      run,
      ...(override === undefined ? {} : { override: { ...override, sha: pull.headSha } }),
    });
  });
}
