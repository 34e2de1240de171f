import type { Context, Probot } from 'probot';
import type { AppIdentity, HandlerContext } from './handler-context.ts';
import type { RerunLimiter } from '../flows/apply-command.ts';
import { localCoordinator, type Coordinator } from './coordination/coordinator.ts';
import { fenceWrites } from './coordination/fence.ts';
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
  /**
   * What replicas share (Redis), or the process keeps to itself; local by default. When it is
   * shared, every delivery id is handled once across replicas and the queue's jobs hold its locks.
   */
  coordinator?: Coordinator;
}

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
  const coordinator = options.coordinator ?? localCoordinator(options.rerunLimiter);
  const queue = options.queue ?? new KeyedQueue(coordinator.lock.bind(coordinator));
  const limiter = options.rerunLimiter ?? coordinator.rerunLimiter;
  const identity = appIdentity(app);
  // A delivery id GitHub sends twice (a redelivery, a retry after a lost answer) is applied
  // once (by this process, or by all replicas through Redis); every write also looks before
  // it writes, for replicas that share nothing.
  const once = (id: string, handle: () => Promise<void>): Promise<void> =>
    coordinator.once(id, handle);
  // Without a shared store, a workflow run's duplicates share one job per process instead
  // (`runOnce`), and a later redelivery runs again: its writes change nothing.
  const shared = coordinator.redisUrl !== undefined;
  const onceIfShared = (id: string, handle: () => Promise<void>): Promise<void> =>
    shared ? once(id, handle) : handle();

  const handlerContext = async (context: Context<RepoEvent>): Promise<HandlerContext> => {
    const { repository } = context.payload;
    // A write made under a lock another replica has since taken is refused (fencing token).
    fenceWrites(context.octokit);
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
    await onceIfShared(context.id, async () =>
      onWorkflowRunCompleted(await handlerContext(context), context.payload, queue),
    );
  });
  app.on('issue_comment.created', async (context) => {
    await once(context.id, async () =>
      onIssueCommentCreated(await handlerContext(context), context.payload, queue, limiter),
    );
  });
  app.on('check_run.rerequested', async (context) => {
    await onceIfShared(context.id, async () =>
      onCheckRunRerequested(await handlerContext(context), context.payload, queue),
    );
  });
  app.on('pull_request.edited', async (context) => {
    await onceIfShared(context.id, async () =>
      onPullRequestEdited(await handlerContext(context), context.payload, queue),
    );
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
