import { CHECK_RUN_NAME } from '../core/constants.ts';
import { judgePullRequest } from '../flows/judge-pull-request.ts';
import { listedPullNumbers } from '../flows/training-runs.ts';
import { appPort, type HandlerContext } from './handler-context.ts';
import { pullNumbersFor } from './pull-numbers.ts';
import type { KeyedQueue } from './keyed-queue.ts';

/** The fields of a `check_run.rerequested` payload the App reads. */
export interface CheckRunPayload {
  repository: { id: number };
  check_run: {
    name: string;
    head_sha: string;
    app: { id: number } | null;
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
  const port = appPort(ctx);
  const listed = listedPullNumbers(check.pull_requests, payload.repository.id);
  const numbers = await pullNumbersFor(port, check.head_sha, listed);
  await Promise.all(
    numbers.map((number) =>
      queue.run(`${ctx.owner}/${ctx.repo}#${number}`, async () => {
        await judgePullRequest(port, { pull: await port.getPullRequest(number) });
      }),
    ),
  );
}
