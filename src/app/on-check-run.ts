import { CHECK_RUN_NAME } from '../core/constants.ts';
import type { HandlerContext } from './handler-context.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import { findPullRequestsForRun } from '../github/pull-requests.ts';
import { rerunGate } from './rerun.ts';

/** The fields of a `check_run.rerequested` payload the App reads. */
export interface CheckRunPayload {
  repository: { id: number };
  check_run: {
    name: string;
    head_sha: string;
    app: { id: number } | null;
    check_suite?: { head_branch?: string | null } | null;
    pull_requests: ReadonlyArray<{ number: number; base: { repo: { id: number } } } | null>;
  };
}

/**
 * "Re-run" on the `modelgate / gate` check: the same as `/modelgate rerun` on every open pull
 * request whose head is the check's commit. Checks of other apps are not ours to re-run.
 */
export async function onCheckRunRerequested(
  ctx: HandlerContext,
  payload: CheckRunPayload,
  queue: KeyedQueue,
): Promise<void> {
  const check = payload.check_run;
  if (check.name !== CHECK_RUN_NAME || check.app?.id !== ctx.identity.id) return;
  const pulls = await findPullRequestsForRun({
    ...ctx,
    run: {
      head_sha: check.head_sha,
      head_branch: check.check_suite?.head_branch ?? null,
      pull_requests: check.pull_requests.flatMap((pull) =>
        pull !== null && pull.base.repo.id === payload.repository.id ? [pull] : [],
      ),
      // The check does not say which fork the commit came from; without an owner the open
      // pull requests are scanned for the head commit.
      head_repository: null,
    },
  });
  await Promise.all(
    pulls.filter((pull) => pull.state === 'open').map((pull) => rerunGate(ctx, queue, pull.number)),
  );
}
