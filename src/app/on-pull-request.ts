import type { HandlerContext } from './handler-context.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import { rerunGate } from './rerun.ts';

/** The fields of a `pull_request.edited` payload the App reads. */
export interface PullRequestEditedPayload {
  pull_request: { number: number; state: string };
  changes?: { base?: unknown };
}

/**
 * A pull request retargeted to another base branch has another merge base, so its baseline,
 * and with it the gate, may differ: the gate is recomputed from the latest run without
 * waiting for a new push. Title and body edits change nothing the gate reads.
 */
export async function onPullRequestEdited(
  ctx: HandlerContext,
  payload: PullRequestEditedPayload,
  queue: KeyedQueue,
): Promise<void> {
  if (payload.changes?.base === undefined || payload.pull_request.state !== 'open') return;
  await rerunGate(ctx, queue, payload.pull_request.number);
}
