import { judgePullRequest } from '../flows/judge-pull-request.ts';
import { appPort, type HandlerContext } from './handler-context.ts';
import type { KeyedQueue } from './keyed-queue.ts';

/** The fields of a `pull_request.edited` payload the App reads. */
export interface PullRequestEditedPayload {
  pull_request: { number: number; state: string };
  changes?: { base?: unknown };
}

/**
 * A pull request retargeted to another base branch has another merge base, so its baseline,
 * and with it the gate, may differ; title and body edits change nothing the gate reads.
 */
export async function onPullRequestEdited(
  ctx: HandlerContext,
  payload: PullRequestEditedPayload,
  queue: KeyedQueue,
): Promise<void> {
  if (payload.changes?.base === undefined || payload.pull_request.state !== 'open') return;
  const number = payload.pull_request.number;
  const port = appPort(ctx);
  await queue.run(`${ctx.owner}/${ctx.repo}#${number}`, async () => {
    await judgePullRequest(port, { pull: await port.getPullRequest(number) });
  });
}
