import type { SandboxCore } from './http/route.ts';
import type { Account, RepoRecord } from './model.ts';
import { checkRunShape } from './shapes/checks.ts';
import { api, nodeId, repoShape, userShape } from './shapes/common.ts';
import { workflowRunShape } from './shapes/actions.ts';
import { commentShape, issueShape, pullShape, pullShas } from './shapes/issues.ts';

/**
 * Webhook payloads built from the sandbox's state, in the shapes of
 * `@octokit/webhooks-examples` (and validated against `@octokit/webhooks-schemas` in tests):
 * `pull_request`, `push`, `workflow_run`, `check_run` and `issue_comment`. Each carries
 * `installation` when the App is installed on the repository, as GitHub sends it to Apps.
 */

type Payload = Record<string, unknown>;

function unix(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * Webhook objects differ from REST ones in small ways the webhook schemas enforce
 * (`additionalProperties: false`): users carry no `user_view_type`, repositories no
 * `network_count`/`subscribers_count` but `custom_properties`. Applied to the whole payload.
 */
export function toWebhookShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWebhookShape);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(
    ([key, child]) => [key, toWebhookShape(child)] as const,
  );
  const result: Payload = Object.fromEntries(entries);
  if ('login' in result && 'gravatar_id' in result) delete result['user_view_type'];
  if ('slug' in result && 'external_url' in result) {
    delete result['client_id'];
    delete result['installations_count'];
  }
  if ('full_name' in result && 'git_refs_url' in result && 'clone_url' in result) {
    delete result['network_count'];
    delete result['subscribers_count'];
    result['custom_properties'] = {};
  }
  return result;
}

function finish(payload: Payload): Payload {
  const shaped = toWebhookShape(payload);
  if (typeof shaped !== 'object' || shaped === null || Array.isArray(shaped))
    throw new Error('payload must be an object');
  return Object.fromEntries(Object.entries(shaped));
}

/** Webhook `repository`: the REST shape minus what webhooks leave out. */
function webhookRepository(core: SandboxCore, repo: RepoRecord, openIssues: number): Payload {
  const shape = repoShape(core, repo, openIssues);
  return { ...shape, stargazers: 0, master_branch: repo.defaultBranch };
}

/** Common top-level fields: repository, sender, installation (when installed). */
function envelope(core: SandboxCore, repo: RepoRecord, sender: Account): Payload {
  const data = core.store.repoData(repo);
  const openIssues = [...data.issues.values()].filter((issue) => issue.state === 'open').length;
  const result: Payload = {
    repository: webhookRepository(core, repo, openIssues),
    sender: userShape(core, sender),
  };
  for (const installation of core.store.installations.values()) {
    const covers =
      installation.account.id === repo.owner.id &&
      (installation.repositoryIds === null || installation.repositoryIds.includes(repo.id));
    if (covers) {
      result['installation'] = {
        id: installation.id,
        node_id: nodeId('Installation', installation.id),
      };
      break;
    }
  }
  return result;
}

/** Builders bound to one sandbox's state. */
export class WebhookPayloads {
  constructor(private readonly core: SandboxCore) {}

  private repo(owner: string, name: string): RepoRecord {
    const repo = this.core.store.repo(owner, name);
    if (!repo) throw new Error(`No repository ${owner}/${name} in the sandbox.`);
    return repo;
  }

  private sender(login: string | undefined, fallback: Account): Account {
    return login ? this.core.store.account(login) : fallback;
  }

  /** `pull_request` with `action` (opened, synchronize, reopened, edited, closed, labeled, unlabeled). */
  async pullRequest(input: {
    owner: string;
    repo: string;
    number: number;
    action:
      | 'opened'
      | 'synchronize'
      | 'reopened'
      | 'edited'
      | 'closed'
      | 'labeled'
      | 'unlabeled'
      | 'ready_for_review';
    /** Previous head for `synchronize`. */
    before?: string;
    label?: string;
    sender?: string;
  }): Promise<Payload> {
    const repo = this.repo(input.owner, input.repo);
    const data = this.core.store.repoData(repo);
    const issue = data.issues.get(input.number);
    if (!issue?.pull)
      throw new Error(`No pull request #${input.number} in ${input.owner}/${input.repo}.`);
    const shas = await pullShas(repo, issue);
    const mergeBase = (await repo.git.mergeBase(shas.base, shas.head)) ?? shas.base;
    const commits = await repo.git.log(shas.head, { exclude: mergeBase }).catch(() => []);
    const files = await repo.git.diffNames(mergeBase, shas.head).catch(() => []);
    const comments = data.comments.filter((comment) => comment.issueNumber === issue.number).length;
    const pullRequest = pullShape(this.core, repo, issue, shas, {
      commits: commits.length,
      changedFiles: files.length,
      comments,
    });
    const payload: Payload = {
      action: input.action,
      number: issue.number,
      pull_request: pullRequest,
      ...envelope(this.core, repo, this.sender(input.sender, issue.user)),
    };
    if (input.action === 'synchronize') {
      payload['before'] = input.before ?? shas.base;
      payload['after'] = shas.head;
    }
    if ((input.action === 'labeled' || input.action === 'unlabeled') && input.label) {
      const label = repo.labels.find((candidate) => candidate.name === input.label);
      if (label) {
        payload['label'] = {
          id: label.id,
          node_id: nodeId('Label', label.id),
          url: `${api(this.core)}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
          name: label.name,
          color: label.color,
          default: false,
          description: label.description,
        };
      }
    }
    return finish(payload);
  }

  /** `push` of `ref` from `before` to `after` (a zero sha creates or deletes the ref). */
  async push(input: {
    owner: string;
    repo: string;
    ref: string;
    before: string | null;
    after: string | null;
    sender?: string;
  }): Promise<Payload> {
    const repo = this.repo(input.owner, input.repo);
    const zero = '0'.repeat(40);
    const before = input.before ?? zero;
    const after = input.after ?? zero;
    const shas =
      after === zero
        ? []
        : (
            await repo.git.log(after, before === zero ? { max: 20 } : { exclude: before, max: 20 })
          ).reverse();
    const html = `${this.core.url}/${repo.owner.login}/${repo.name}`;
    const commits = await Promise.all(
      shas.map(async (sha) => {
        const commit = await repo.git.commit(sha);
        const changes = await repo.git.diffNames(
          commit.parents[0] ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
          sha,
        );
        return {
          id: sha,
          tree_id: commit.tree,
          distinct: true,
          message: commit.message.replace(/\n$/, ''),
          timestamp: commit.committer.date,
          url: `${html}/commit/${sha}`,
          author: {
            name: commit.author.name,
            email: commit.author.email,
            username: commit.author.name,
          },
          committer: {
            name: commit.committer.name,
            email: commit.committer.email,
            username: commit.committer.name,
          },
          added: changes.filter((file) => file.status === 'A').map((file) => file.path),
          removed: changes.filter((file) => file.status === 'D').map((file) => file.path),
          modified: changes
            .filter((file) => file.status !== 'A' && file.status !== 'D')
            .map((file) => file.path),
        };
      }),
    );
    const sender = this.sender(input.sender, repo.owner);
    const env = envelope(this.core, repo, sender);
    const repository = env['repository'];
    return finish({
      ref: input.ref,
      before,
      after,
      // Push payloads carry repository timestamps as Unix seconds (a GitHub quirk).
      repository:
        typeof repository === 'object' && repository !== null
          ? { ...repository, created_at: unix(repo.createdAt), pushed_at: unix(repo.pushedAt) }
          : repository,
      pusher: {
        name: sender.login,
        email: `${sender.id}+${sender.login}@users.noreply.github.com`,
      },
      sender: env['sender'],
      ...(env['installation'] ? { installation: env['installation'] } : {}),
      created: before === zero,
      deleted: after === zero,
      forced: before !== zero && after !== zero && !(await repo.git.isAncestor(before, after)),
      base_ref: null,
      compare: `${html}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits,
      head_commit: commits.at(-1) ?? null,
    });
  }

  /** `workflow_run` (`requested`, `in_progress`, `completed`) for a run. */
  async workflowRun(input: {
    owner: string;
    repo: string;
    runId: number;
    action?: 'requested' | 'in_progress' | 'completed';
    sender?: string;
  }): Promise<Payload> {
    const repo = this.repo(input.owner, input.repo);
    const run = this.core.store
      .repoData(repo)
      .workflowRuns.find((candidate) => candidate.id === input.runId);
    if (!run) throw new Error(`No workflow run ${input.runId} in ${input.owner}/${input.repo}.`);
    const headCommit =
      (await run.headRepo.git.objectType(run.headSha)) === 'commit'
        ? await run.headRepo.git.commit(run.headSha)
        : null;
    const shape = await workflowRunShape(this.core, repo, run, headCommit);
    const base = `${api(this.core)}/repos/${repo.owner.login}/${repo.name}`;
    return finish({
      action: input.action ?? (run.status === 'completed' ? 'completed' : run.status),
      workflow_run: shape,
      workflow: {
        id: run.workflowId,
        node_id: nodeId('Workflow', run.workflowId),
        name: run.name,
        path: run.path,
        state: 'active',
        created_at: repo.createdAt,
        updated_at: repo.createdAt,
        url: `${base}/actions/workflows/${run.workflowId}`,
        html_url: `${this.core.url}/${repo.owner.login}/${repo.name}/blob/${repo.defaultBranch}/${run.path}`,
        badge_url: `${this.core.url}/${repo.owner.login}/${repo.name}/workflows/${encodeURIComponent(run.name)}/badge.svg`,
      },
      ...envelope(this.core, repo, this.sender(input.sender, run.actor)),
    });
  }

  /** `check_run` (`created`, `completed`, `rerequested`, `requested_action`) for a check run. */
  async checkRun(input: {
    owner: string;
    repo: string;
    checkRunId: number;
    action: 'created' | 'completed' | 'rerequested' | 'requested_action';
    requestedAction?: string;
    sender?: string;
  }): Promise<Payload> {
    const repo = this.repo(input.owner, input.repo);
    const run = this.core.store
      .repoData(repo)
      .checkRuns.find((candidate) => candidate.id === input.checkRunId);
    if (!run) throw new Error(`No check run ${input.checkRunId} in ${input.owner}/${input.repo}.`);
    const shape = await checkRunShape(this.core, repo, run);
    const base = `${api(this.core)}/repos/${repo.owner.login}/${repo.name}`;
    const checkRun = {
      ...shape,
      check_suite: {
        id: run.suiteId,
        node_id: nodeId('CheckSuite', run.suiteId),
        head_branch: null,
        head_sha: run.headSha,
        status: run.status,
        conclusion: run.conclusion,
        url: `${base}/check-suites/${run.suiteId}`,
        before: null,
        after: null,
        pull_requests: shape['pull_requests'],
        app: shape['app'],
        created_at: run.startedAt,
        updated_at: run.completedAt ?? run.startedAt,
      },
    };
    return finish({
      action: input.action,
      check_run: checkRun,
      ...(input.action === 'requested_action'
        ? { requested_action: { identifier: input.requestedAction ?? '' } }
        : {}),
      ...envelope(this.core, repo, this.sender(input.sender, repo.owner)),
    });
  }

  /** `issue_comment` (`created`, `edited`, `deleted`) for a comment. */
  issueComment(input: {
    owner: string;
    repo: string;
    commentId: number;
    action?: 'created' | 'edited' | 'deleted';
    sender?: string;
  }): Payload {
    const repo = this.repo(input.owner, input.repo);
    const data = this.core.store.repoData(repo);
    const comment = data.comments.find((candidate) => candidate.id === input.commentId);
    if (!comment) throw new Error(`No comment ${input.commentId} in ${input.owner}/${input.repo}.`);
    const issue = data.issues.get(comment.issueNumber);
    if (!issue) throw new Error(`Comment ${input.commentId} belongs to no issue.`);
    const count = data.comments.filter(
      (candidate) => candidate.issueNumber === issue.number,
    ).length;
    return finish({
      action: input.action ?? 'created',
      issue: issueShape(this.core, repo, issue, count),
      comment: commentShape(this.core, repo, comment),
      ...envelope(this.core, repo, this.sender(input.sender, comment.user)),
    });
  }
}
