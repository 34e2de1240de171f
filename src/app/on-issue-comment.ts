import { hasWriteAccess } from '../github/pull-requests.ts';
import { parseSlashCommand } from './commands.ts';
import type { HandlerContext } from './handler-context.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import { rerunGate } from './rerun.ts';

/** The fields of an `issue_comment.created` payload the App reads. */
export interface IssueCommentPayload {
  issue: { number: number; pull_request?: unknown };
  comment: { id: number; body: string; user: { login: string; type?: string } | null };
}

/**
 * `/modelgate rerun` and `/modelgate override <reason>` in a pull request comment. Anyone who
 * can comment may ask for a rerun (it only recomputes from trusted inputs); an override needs
 * write access, checked with the collaborator permission API at the time of the comment.
 * Everyone else, and malformed commands, get a short reply saying what to do instead.
 */
export async function onIssueCommentCreated(
  ctx: HandlerContext,
  payload: IssueCommentPayload,
  queue: KeyedQueue,
): Promise<void> {
  const { issue, comment } = payload;
  // Comments by bots (the App's own report included) never carry commands.
  if (issue.pull_request === undefined || comment.user === null || comment.user.type === 'Bot')
    return;
  const command = parseSlashCommand(comment.body);
  if (command === null) return;
  const login = comment.user.login;

  if (command.kind === 'invalid') {
    await reply(ctx, issue.number, comment.id, `@${login} ${command.message}`);
    return;
  }
  if (command.kind === 'rerun') {
    const result = await rerunGate(ctx, queue, issue.number);
    if (result === null)
      await reply(
        ctx,
        issue.number,
        comment.id,
        `@${login} This pull request is closed; there is no gate to re-run.`,
      );
    return;
  }

  if (!(await hasWriteAccess({ ...ctx, username: login }))) {
    await reply(
      ctx,
      issue.number,
      comment.id,
      `@${login} Thanks for the suggestion — only people with write access to ${ctx.owner}/${ctx.repo} can override ` +
        'the modelgate gate. A maintainer can do it with `/modelgate override <reason>`.',
    );
    return;
  }
  const result = await rerunGate(ctx, queue, issue.number, {
    by: login,
    reason: command.reason,
    at: new Date().toISOString(),
  });
  if (result === null) {
    await reply(
      ctx,
      issue.number,
      comment.id,
      `@${login} This pull request is closed; there is no gate to override.`,
    );
  }
}

/** Hidden marker of a reply, naming the comment it answers. */
function replyMarker(commentId: number): string {
  return `<!-- modelgate:reply-to ${commentId} -->`;
}

/**
 * Answers a command comment once: a redelivered webhook finds the App's earlier answer (by its
 * hidden marker) and does not post a second one.
 */
async function reply(
  ctx: HandlerContext,
  issueNumber: number,
  commentId: number,
  body: string,
): Promise<void> {
  const { octokit, owner, repo } = ctx;
  const marker = replyMarker(commentId);
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  })) {
    const answered = page.data.some(
      (comment) =>
        comment.user?.login === ctx.identity.botLogin && (comment.body ?? '').includes(marker),
    );
    if (answered) return;
  }
  await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body: `${body}\n\n${marker}`,
  });
}
