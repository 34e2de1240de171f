/**
 * Which workflow runs speak for what. Policy only: the facts come from the run's payload or
 * from the API, and both faces ask these functions, so the App and the Action treat a run the
 * same way.
 */

/**
 * Conclusions of a workflow run that ended without a result (training failed or never
 * finished). Such a training run must fail the gate rather than leave it pending; the other
 * non-success conclusions (`skipped`, `neutral`, `action_required`, `stale`) mean the run did
 * not train, and a run like that without the report artifact is ignored.
 */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set([
  'failure',
  'cancelled',
  'timed_out',
  'startup_failure',
]);

/** Events that run a workflow on the default branch itself rather than on a pull request. */
export const DEFAULT_BRANCH_EVENTS: ReadonlySet<string> = new Set([
  'push',
  'workflow_dispatch',
  'schedule',
]);

/**
 * Events whose runs train a pull request's head: `pull_request` (forks included), and `push`
 * to the head branch of a same-repository pull request. `pull_request_target` and
 * `workflow_run` run the base branch's code, so their artifacts say nothing about the head.
 */
export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'push']);

/** What a completed run is, as far as the trigger tells. */
export interface RunFacts {
  event: string;
  headBranch: string | null;
  /** Repository of the head commit (a fork's for a fork's pull request); null when deleted. */
  headRepoId: number | null;
  headRepoName?: string | null;
  /** The repository the run belongs to. */
  repoId: number;
  defaultBranch: string;
}

/**
 * Why a run cannot speak for the repository's default branch, or null when it can: a push,
 * schedule or dispatch on the default branch of this repository. Anyone can open a pull
 * request from a fork whose workflow uploads any artifact it likes, and a default-branch run
 * leads to writes with a write token (history, release, the drift issue), so the trigger,
 * the branch and the head repository are all checked.
 */
export function defaultBranchRefusal(run: RunFacts): string | null {
  if (!DEFAULT_BRANCH_EVENTS.has(run.event))
    return `it was triggered by ${run.event}, not by a push, a schedule or a dispatch`;
  if (run.headBranch !== run.defaultBranch)
    return `it ran on ${run.headBranch ?? 'no branch'}, not on the default branch ${run.defaultBranch}`;
  if (run.headRepoId !== run.repoId)
    return `its head commit is in ${run.headRepoName ?? 'another repository'}, not in this one`;
  return null;
}

/** What a completed run is to modelgate. */
export type RunKind =
  /** It trained a pull request's head: its report is judged by the gate. */
  | 'pull-request'
  /** It ran on the default branch: history, release, and drift when it uploaded drift. */
  | 'default-branch'
  /** Neither (another branch's schedule, `pull_request_target`, ...): nothing to do. */
  | 'unrelated';

/**
 * The kind of a run from its trigger alone. A default-branch run is never a pull request run,
 * even when GitHub lists pull requests in its payload (a push to the default branch lists the
 * pull requests whose head is that branch).
 */
export function classifyRun(run: RunFacts): RunKind {
  if (defaultBranchRefusal(run) === null) return 'default-branch';
  // A push to this repository's own default branch that failed a check above (none does
  // today) is still never a pull request run, whatever pull requests its payload lists.
  if (
    DEFAULT_BRANCH_EVENTS.has(run.event) &&
    run.headBranch === run.defaultBranch &&
    run.headRepoId === run.repoId
  )
    return 'unrelated';
  return PULL_REQUEST_EVENTS.has(run.event) ? 'pull-request' : 'unrelated';
}

/** A run and its attempt, in the order GitHub creates them. */
export interface RunOrder {
  id: number;
  attempt: number;
}

/** Negative when `a` came before `b`: a newer run has a higher id, a re-run a higher attempt. */
export function compareRunOrder(a: RunOrder, b: RunOrder): number {
  return a.id - b.id || a.attempt - b.attempt;
}

/** `run:<id>:<attempt>`, the check run's `external_id`: which run a published gate judged. */
export function runOrderKey(run: RunOrder): string {
  return `run:${run.id}:${run.attempt}`;
}

/** The run a published gate judged, from its `external_id`; null for anything else. */
export function parseRunOrderKey(key: string | null | undefined): RunOrder | null {
  const match = /^run:(\d{1,15}):(\d{1,6})$/.exec(key ?? '');
  if (match === null) return null;
  return { id: Number(match[1]), attempt: Number(match[2]) };
}
