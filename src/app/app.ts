import type { Context, Probot } from 'probot';
import type { AppIdentity, HandlerContext } from './handler-context.ts';
import { memoryRerunLimiter, type RerunLimiter } from '../flows/apply-command.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { onCheckRunRerequested } from './on-check-run.ts';
import { onIssueCommentCreated } from './on-issue-comment.ts';
import { onPullRequestEdited } from './on-pull-request.ts';
import { onWorkflowRunCompleted } from './on-workflow-run.ts';

/** Options of `modelgateApp`. */
export interface ModelgateAppOptions {
  /** Queue that serialises the work per pull request; the server passes one it can drain. */
  queue?: KeyedQueue;
  /** How often a commenter without write access may re-run one pull request's gate. */
  rerunLimiter?: RerunLimiter;
}

/** Deliveries remembered for deduplication; GitHub redelivers within hours, not millions later. */
const SEEN_DELIVERIES = 10_000;

type RepoEvent =
  | 'workflow_run.completed'
  | 'issue_comment.created'
  | 'check_run.rerequested'
  | 'pull_request.edited';

/**
 * The modelgate Probot app: registers one handler per event (DESIGN.md §6).
 * - `workflow_run.completed`: gate the pull request, record history and release, or sync drift;
 * - `issue_comment.created`: `/modelgate rerun` and `/modelgate override <reason>`;
 * - `check_run.rerequested`: "Re-run" on the gate check;
 * - `pull_request.edited`: a new base branch re-gates against the new baseline.
 *
 * Works under `probot run` as well as under `startAppServer`.
 */
export function modelgateApp(app: Probot, options: ModelgateAppOptions = {}): void {
  const queue = options.queue ?? new KeyedQueue();
  const limiter = options.rerunLimiter ?? memoryRerunLimiter();
  const identity = appIdentity(app);
  // A delivery id GitHub sends twice (a redelivery, a retry after a lost answer) is applied
  // once by this process; every write also looks before it writes, for other replicas.
  const seen = new Set<string>();
  const once = async (id: string, handle: () => Promise<void>): Promise<void> => {
    if (seen.has(id)) return;
    seen.add(id);
    if (seen.size > SEEN_DELIVERIES) seen.delete(seen.values().next().value ?? id);
    try {
      await handle();
    } catch (error) {
      // A delivery that failed is GitHub's to redeliver, and that redelivery must run.
      seen.delete(id);
      throw error;
    }
  };

  const handlerContext = async (context: Context<RepoEvent>): Promise<HandlerContext> => {
    const { repository } = context.payload;
    return {
      octokit: context.octokit,
      owner: repository.owner.login,
      repo: repository.name,
      repoId: repository.id,
      defaultBranch: repository.default_branch,
      identity: await identity(),
      log: context.log,
    };
  };

  app.on('workflow_run.completed', async (context) => {
    await onWorkflowRunCompleted(await handlerContext(context), context.payload, queue);
  });
  app.on('issue_comment.created', async (context) => {
    await once(context.id, async () =>
      onIssueCommentCreated(await handlerContext(context), context.payload, queue, limiter),
    );
  });
  app.on('check_run.rerequested', async (context) => {
    await onCheckRunRerequested(await handlerContext(context), context.payload, queue);
  });
  app.on('pull_request.edited', async (context) => {
    await onPullRequestEdited(await handlerContext(context), context.payload, queue);
  });
}

/**
 * The App's id and bot login, fetched once with the App's JWT (`GET /app`). The login tells
 * the App's own sticky comment from a user's comment that quotes its marker.
 */
function appIdentity(app: Probot): () => Promise<AppIdentity> {
  let pending: Promise<AppIdentity> | null = null;
  return () => {
    pending ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (data === null || data.slug === undefined)
        throw new Error('GET /app returned no app slug.');
      return { id: data.id, botLogin: `${data.slug}[bot]` };
    })().catch((error: unknown) => {
      // A failed lookup (GitHub briefly down) must not poison every later delivery.
      pending = null;
      throw error;
    });
    return pending;
  };
}
