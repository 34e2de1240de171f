import { applyCommand, commandComment, type RerunLimiter } from '../flows/apply-command.ts';
import { appPort, type HandlerContext } from './handler-context.ts';
import type { KeyedQueue } from './keyed-queue.ts';

/** The fields of an `issue_comment.created` payload the App reads. */
export interface IssueCommentPayload {
  issue: { number: number; pull_request?: unknown };
  comment: {
    id: number;
    body: string;
    created_at: string;
    user: { login: string; type?: string } | null;
  };
}

/** `/modelgate rerun` and `/modelgate override <reason>` on a pull request, serialised per pull request. */
export async function onIssueCommentCreated(
  ctx: HandlerContext,
  payload: IssueCommentPayload,
  queue: KeyedQueue,
  limiter: RerunLimiter,
): Promise<void> {
  const { issue, comment } = payload;
  if (issue.pull_request === undefined || !/\/modelgate/i.test(comment.body)) return;
  await queue.run(`${ctx.owner}/${ctx.repo}#${issue.number}`, async () => {
    // The flow counts per pull request number; the App serves many repositories, whose
    // numbers collide, so its (possibly shared) allowance is keyed by repository too.
    const perRepo: RerunLimiter = { take: (key) => limiter.take(`${ctx.owner}/${ctx.repo}${key}`) };
    await applyCommand(appPort(ctx), commandComment(payload), perRepo);
  });
}
