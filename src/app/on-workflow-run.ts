import { ARTIFACT_NAME, DRIFT_ARTIFACT_NAME } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { classifyRun } from '../core/gate/run-policy.ts';
import { judgePullRequest } from '../flows/judge-pull-request.ts';
import { releaseCommit } from '../flows/release-commit.ts';
import { reportMonitoring } from '../flows/report-monitoring.ts';
import { reportPerformance } from '../flows/report-performance.ts';
import type { FlowPort } from '../flows/ports.ts';
import { memoise } from '../github/delivery-memo.ts';
import { toWorkflowRun } from '../github/workflow-run.ts';
import { listedPullNumbers } from '../flows/training-runs.ts';
import { appPort, type HandlerContext } from './handler-context.ts';
import { pullNumbersFor } from './pull-numbers.ts';
import type { KeyedQueue } from './keyed-queue.ts';

/** The fields of a `workflow_run.completed` payload the App reads. */
export interface WorkflowRunPayload {
  repository: { id: number };
  workflow_run: Parameters<typeof toWorkflowRun>[0] & {
    pull_requests: ReadonlyArray<{ number: number; base: { repo: { id: number } } } | null>;
  };
}

/**
 * `workflow_run.completed`: translates the run into the flow it belongs to — a pull request
 * run into the gate, a default-branch run into history and release, a monitoring run into the
 * drift issue. Which kind a run is comes from `classifyRun` (its trigger, branch and head
 * repository), never from the pull requests its payload lists.
 */
export function onWorkflowRunCompleted(
  ctx: HandlerContext,
  payload: WorkflowRunPayload,
  queue: KeyedQueue,
): Promise<void> {
  const run = toWorkflowRun(payload.workflow_run);
  // Duplicate deliveries of one run attempt share one job while it is queued or running.
  return queue.runOnce(`${ctx.owner}/${ctx.repo}/runs/${run.id}`, `${run.attempt}`, () =>
    handleRun(ctx, payload, queue),
  );
}

async function handleRun(
  ctx: HandlerContext,
  payload: WorkflowRunPayload,
  queue: KeyedQueue,
): Promise<void> {
  const run = toWorkflowRun(payload.workflow_run);
  const port = appPort(ctx);
  const repoKey = `${ctx.owner}/${ctx.repo}`;
  const kind = classifyRun({
    ...run,
    repoId: payload.repository.id,
    defaultBranch: ctx.defaultBranch,
  });
  if (kind === 'unrelated') return;

  if (kind === 'default-branch') {
    if (run.conclusion !== 'success') return;
    const artifacts = await port.artifactNames(run.id);
    if (artifacts.includes(DRIFT_ARTIFACT_NAME)) {
      await queue.run(`${repoKey}:drift`, async () => {
        // Both reports attach to the latest release, looked up once for the two (this job
        // writes no tags; a release job, which does, has its own port).
        const monitor: FlowPort = {
          ...port,
          previousReleaseTag: memoise((prefix: string, before?: string) =>
            port.previousReleaseTag(prefix, before),
          ),
        };
        const report = await readOrWarn(ctx, () => monitor.readDriftReport(run.id));
        if (report) await reportMonitoring(monitor, { run, report });
        // The same artifact carries performance.json when the config monitors performance.
        const performance = await readOrWarn(ctx, () => monitor.readPerformanceReport(run.id));
        if (performance) await reportPerformance(monitor, { run, report: performance });
      });
    }
    if (!artifacts.includes(ARTIFACT_NAME)) return;
    // One release at a time per repository in this process; other replicas are kept apart by
    // the tag claim, which moves past a version another commit took.
    await queue.run(`${repoKey}:default-branch`, async () => {
      const report = await readOrWarn(ctx, () => port.readReport(run.id, { assets: true }));
      if (!report) return;
      await releaseCommit(port, {
        sha: run.headSha,
        run,
        loadRun: () => Promise.resolve(report),
        recordHistory: true,
      });
    });
    return;
  }

  // A pull request run: only pull requests into this repository, by the payload's list, else
  // the open ones whose head is the run's commit (forks, for which GitHub lists none).
  const listed = listedPullNumbers(payload.workflow_run.pull_requests, payload.repository.id);
  const numbers = await pullNumbersFor(port, run.headSha, listed);
  await Promise.all(
    numbers.map((number) =>
      queue.run(`${repoKey}#${number}`, async () => {
        // Read inside the queue: a push may have moved the head while this job waited.
        await judgePullRequest(port, {
          pull: await port.getPullRequest(number),
          delivered: run,
        });
      }),
    ),
  );
}

/** A report the run uploaded, or null with a log line when it is invalid. */
async function readOrWarn<T>(
  ctx: HandlerContext,
  read: () => Promise<T | null>,
): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    // Nobody waits on a default-branch check; the next pull request's gate shows the problem.
    if (!(error instanceof InputError)) throw error;
    ctx.log.warn(`${ctx.owner}/${ctx.repo}: ${error.message}`);
    return null;
  }
}
