import { ARTIFACT_NAME, DRIFT_ARTIFACT_NAME } from '../core/constants.ts';
import { listRunArtifactNames } from './artifacts.ts';
import { recordDefaultBranchRun } from './default-branch-run.ts';
import { gatePullRequest } from './gate-pull-request.ts';
import type { HandlerContext, RunRef } from './handler-context.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import { syncMonitorRun } from './monitor-run.ts';
import { findPullRequestsForRun, getPullRequest } from '../github/pull-requests.ts';
import { FAILED_CONCLUSIONS } from '../github/run-conclusion.ts';
import { usesModelgate } from './workflow-file.ts';

/** The fields of a `workflow_run.completed` payload the App reads. */
export interface WorkflowRunPayload {
  repository: { id: number };
  workflow_run: {
    id: number;
    name?: string | null;
    path: string;
    head_sha: string;
    head_branch: string | null;
    event: string;
    conclusion: string | null;
    /** 1 for the first attempt; a re-run of the workflow keeps the id and counts up. */
    run_attempt?: number;
    html_url: string;
    pull_requests: ReadonlyArray<{ number: number; base: { repo: { id: number } } } | null>;
    /** Where the head commit lives: this repository, or a fork for a fork's pull request. */
    head_repository?: { id: number; full_name?: string; owner: { login: string } | null } | null;
  };
}

/**
 * What a completed run is to modelgate. `untrusted-drift`: a run that uploaded only
 * `modelgate-drift` and does not speak for the default branch; its report is ignored.
 */
export type RunKind =
  'pull-request' | 'default-branch' | 'monitor' | 'untrusted-drift' | 'unrelated';

/** Events that run a workflow on the default branch itself rather than on a pull request. */
const DEFAULT_BRANCH_EVENTS = new Set(['push', 'workflow_dispatch', 'schedule']);

/**
 * Why a run cannot speak for the repository's default branch, or null when it can: it must
 * be a push, schedule or dispatch on the default branch of this repository. Anyone can open a
 * pull request from a fork whose workflow uploads any artifact it likes, and the App acts on
 * a default-branch run with its own write token (closing the production drift issue,
 * releasing), so the trigger, the branch and the head repository are all checked.
 */
export function defaultBranchRefusal(
  payload: WorkflowRunPayload,
  defaultBranch: string,
): string | null {
  const run = payload.workflow_run;
  if (!DEFAULT_BRANCH_EVENTS.has(run.event))
    return `it was triggered by ${run.event}, not by a push, a schedule or a dispatch`;
  if (run.head_branch !== defaultBranch)
    return `it ran on ${run.head_branch ?? 'no branch'}, not on the default branch ${defaultBranch}`;
  const head = run.head_repository;
  if (head?.id !== payload.repository.id)
    return `its head commit is in ${head?.full_name ?? 'another repository'}, not in this one`;
  return null;
}

/**
 * Decides what a completed run is from its artifacts and trigger:
 * - it uploaded `modelgate-drift` and ran on the default branch (`defaultBranchRefusal`) →
 *   a monitoring run (whose `modelgate-report`, if it uploaded one too, is also recorded as
 *   the default-branch run it is);
 * - it uploaded `modelgate-drift` elsewhere → its drift is ignored (the handler logs why),
 *   and the run is untrusted drift unless it uploaded `modelgate-report` too: a pull request
 *   whose workflow also checks drift still needs its gate, which would otherwise stay pending;
 * - it ran on the default branch → a default-branch run;
 * - otherwise a pull request run (the pull request is looked up, forks included).
 */
export function classifyRun(
  payload: WorkflowRunPayload,
  defaultBranch: string,
  artifacts: readonly string[],
): RunKind {
  const onDefaultBranch = defaultBranchRefusal(payload, defaultBranch) === null;
  if (artifacts.includes(DRIFT_ARTIFACT_NAME)) {
    if (onDefaultBranch) return 'monitor';
    if (!artifacts.includes(ARTIFACT_NAME)) return 'untrusted-drift';
  }
  if (onDefaultBranch && payload.workflow_run.pull_requests.length === 0) {
    return artifacts.includes(ARTIFACT_NAME) ? 'default-branch' : 'unrelated';
  }
  return 'pull-request';
}

/**
 * `workflow_run.completed`: routes the run to the gate, the history and release, or the drift
 * issue. Runs of workflows that have nothing to do with modelgate are ignored without a write.
 */
export function onWorkflowRunCompleted(
  ctx: HandlerContext,
  payload: WorkflowRunPayload,
  queue: KeyedQueue,
): Promise<void> {
  const run = payload.workflow_run;
  // Duplicate deliveries of one run attempt (redeliveries, a burst) that arrive while an
  // identical one is queued or running are served by it; each still gets its answer only when
  // the work is done. A re-run keeps the run id but is a new attempt with its own artifact.
  const attempt = `${run.run_attempt ?? 1}:${run.conclusion ?? ''}`;
  return queue.runOnce(`${ctx.owner}/${ctx.repo}/runs/${run.id}`, attempt, () =>
    handleRun(ctx, payload, queue),
  );
}

async function handleRun(
  ctx: HandlerContext,
  payload: WorkflowRunPayload,
  queue: KeyedQueue,
): Promise<void> {
  const run = payload.workflow_run;
  const runRef: RunRef = {
    id: run.id,
    name: run.name ?? run.path,
    headSha: run.head_sha,
    conclusion: run.conclusion,
    htmlUrl: run.html_url,
  };
  const artifacts = await listRunArtifactNames(ctx, run.id);
  const kind = classifyRun(payload, ctx.defaultBranch, artifacts);
  const repoKey = `${ctx.owner}/${ctx.repo}`;

  if (kind !== 'monitor' && artifacts.includes(DRIFT_ARTIFACT_NAME)) {
    ctx.log.info(
      `Run ${run.id} of ${repoKey} uploaded ${DRIFT_ARTIFACT_NAME}, but ${defaultBranchRefusal(payload, ctx.defaultBranch) ?? 'it is not a monitoring run'}; its drift report is ignored (only push, schedule and dispatch runs of the default branch report drift).`,
    );
  }

  switch (kind) {
    case 'monitor':
      await queue.run(`${repoKey}:drift`, () => syncMonitorRun(ctx, runRef, run.run_attempt ?? 1));
      // A default-branch workflow that trains and checks drift in one run: its report is the
      // commit's history record too (and a release when the commit merged a gated pull request).
      if (artifacts.includes(ARTIFACT_NAME) && run.pull_requests.length === 0) {
        await queue.run(`${repoKey}:default-branch`, () => recordDefaultBranchRun(ctx, runRef));
      }
      return;
    case 'untrusted-drift':
      return;
    case 'default-branch':
      // One release at a time per repository in this process; releases on other replicas are
      // kept apart by claimReleaseTag, which moves past a version another commit took.
      await queue.run(`${repoKey}:default-branch`, () => recordDefaultBranchRun(ctx, runRef));
      return;
    case 'unrelated':
      return;
    case 'pull-request':
      break;
  }

  if (!artifacts.includes(ARTIFACT_NAME)) {
    // A run without the report is either not a training run (ignored) or a training run that
    // failed before uploading: that one must fail the gate instead of leaving it pending.
    if (!FAILED_CONCLUSIONS.has(run.conclusion ?? '')) return;
    if (!(await usesModelgate(ctx, run.path))) return;
  }

  const numbers = await pullRequestNumbers(ctx, payload);
  if (numbers.length === 0) {
    ctx.log.info(
      `Run ${run.id} of ${repoKey} at ${run.head_sha.slice(0, 7)} belongs to no open pull request; ignored.`,
    );
    return;
  }
  await Promise.all(
    numbers.map((number) =>
      queue.run(`${repoKey}#${number}`, async () => {
        // Read inside the queue: a push may have moved the head while this job waited, and
        // only the current head's result may go into the comment.
        const current = await getPullRequest({ ...ctx, number });
        if (current.state !== 'open') return;
        await gatePullRequest(ctx, { pull: current, run: runRef });
      }),
    ),
  );
}

/**
 * Numbers of the pull requests a run belongs to: the ones the payload lists (same-repository
 * branches), else the open pull requests whose head is the run's commit (forks, for which
 * GitHub lists none).
 */
async function pullRequestNumbers(
  ctx: HandlerContext,
  payload: WorkflowRunPayload,
): Promise<number[]> {
  const run = payload.workflow_run;
  // Only pull requests into this repository; a run can list one of an upstream repository.
  const listed = run.pull_requests.flatMap((pull) =>
    pull !== null && pull.base.repo.id === payload.repository.id ? [pull.number] : [],
  );
  if (listed.length > 0) return listed;
  const found = await findPullRequestsForRun({
    ...ctx,
    run: {
      head_sha: run.head_sha,
      head_branch: run.head_branch,
      pull_requests: [],
      head_repository: run.head_repository ?? null,
    },
  });
  return found.filter((pull) => pull.state === 'open').map((pull) => pull.number);
}
