import { classifyRun, compareRunOrder, FAILED_CONCLUSIONS } from '../core/gate/run-policy.ts';
import type { PullRequest, RepoReader, WorkflowRun } from './ports.ts';

/**
 * Whether a run trained this pull request's head in a way the gate may trust: a pull request
 * run (never a default-branch push, whatever its payload lists) of the head commit, from the
 * head's own repository, of a workflow whose default-branch copy runs modelgate. Any other
 * workflow on the commit can upload an artifact called `modelgate-report`; only the training
 * workflow's counts.
 */
export async function isTrustedTrainingRun(
  reader: RepoReader,
  pull: PullRequest,
  run: WorkflowRun,
): Promise<boolean> {
  if (run.headSha !== pull.headSha) return false;
  const kind = classifyRun({
    event: run.event,
    headBranch: run.headBranch,
    headRepoId: run.headRepoId,
    headRepoName: run.headRepoName,
    repoId: reader.repoId,
    defaultBranch: reader.defaultBranch,
  });
  if (kind !== 'pull-request') return false;
  // The head's own repository: a run of the same commit in another fork is not this head's.
  if (run.headRepoName !== pull.headRepoName) return false;
  return reader.isTrainingWorkflow(run.path);
}

/** Whether a run counts as a result: finished, and not skipped (a skipped run trained nothing). */
export function hasResult(run: WorkflowRun): boolean {
  return (
    run.status === 'completed' &&
    (run.conclusion === 'success' || FAILED_CONCLUSIONS.has(run.conclusion ?? ''))
  );
}

/** The run the gate of a head reports, and whether a newer one is still going. */
export interface LatestTrainingRun {
  /** The newest attempt of the newest trusted run that finished with a result; null: none. */
  run: WorkflowRun | null;
  /** A trusted run newer than `run` is still in progress: its result will decide. */
  pending: boolean;
}

/**
 * The newest attempt of the newest trusted training run of the pull request's head. Late
 * deliveries of older runs or attempts lose to it, so the order webhooks arrive in never
 * changes the verdict.
 */
export async function latestTrainingRun(
  reader: RepoReader,
  pull: PullRequest,
): Promise<LatestTrainingRun> {
  const runs = await reader.runsOfCommit(pull.headSha);
  const trusted: WorkflowRun[] = [];
  for (const run of runs) if (await isTrustedTrainingRun(reader, pull, run)) trusted.push(run);
  trusted.sort((a, b) => compareRunOrder(b, a));
  const newestDone = trusted.find(hasResult) ?? null;
  const pending = trusted.some(
    (run) =>
      run.status !== 'completed' && (newestDone === null || compareRunOrder(run, newestDone) > 0),
  );
  return { run: newestDone, pending };
}

/**
 * The pull request numbers a run's payload lists that belong to this repository. GitHub also
 * lists pull requests of other repositories that share the head branch (a fork's own), whose
 * numbers mean something else here.
 */
export function listedPullNumbers(
  listed: ReadonlyArray<{ number: number; base: { repo?: { id: number } } } | null>,
  repoId: number,
): number[] {
  return listed.flatMap((pull) =>
    pull !== null && (pull.base.repo === undefined || pull.base.repo.id === repoId)
      ? [pull.number]
      : [],
  );
}
