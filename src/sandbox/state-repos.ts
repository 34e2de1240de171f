import { runGit } from './git-process.ts';
import type { SandboxCore } from './http/route.ts';
import { timestamp } from './timestamp.ts';
import { createIssue, ensureLabels, mergePull, openPull } from './issue-service.ts';
import type { Account, IssueRecord, RepoData, RepoRecord } from './model.ts';
import { commitToBranch, createRepository } from './repo-service.ts';
import { pullShas } from './shapes/issues.ts';
import { WebhookPayloads } from './webhook-payloads.ts';

/**
 * The first half of the typed state API tests and the demo use to arrange GitHub's side of a
 * scenario without going through REST: repositories with files, forks, commits, pull requests
 * (also from forks), merges, issues and labels. `state-api.ts` adds access and Actions.
 */

/** A repository as `owner/name` or `{ owner, name }`. */
export type RepoRef = string | { owner: string; name: string };

/** What `createRepo` returns. */
export interface RepoHandle {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  /** Clone/push URL carrying an owner token (pushes need credentials, as on GitHub). */
  gitUrl: string;
  /** Anonymous clone URL (read-only for public repositories). */
  cloneUrl: string;
}

/** What `openPullRequest` returns. */
export interface PullHandle {
  number: number;
  id: number;
  headSha: string;
  baseSha: string;
  headRef: string;
  baseRef: string;
  /** `owner/name` of the head repository (differs from the base for forks). */
  headRepo: string;
}

/** Repositories, pull requests and issues of the sandbox. */
export class RepoState {
  /** Webhook payload builders over this sandbox's state (deliver them with `emitWebhook`). */
  readonly payloads: WebhookPayloads;

  constructor(protected readonly core: SandboxCore) {
    this.payloads = new WebhookPayloads(core);
  }

  /** Resolves a repository reference or throws naming it. */
  repoRecord(ref: RepoRef): RepoRecord {
    const [owner, name] = typeof ref === 'string' ? ref.split('/') : [ref.owner, ref.name];
    const repo = this.core.store.repo(owner ?? '', name ?? '');
    if (!repo)
      throw new Error(
        `Sandbox has no repository ${typeof ref === 'string' ? ref : `${ref.owner}/${ref.name}`}; create it with createRepo first.`,
      );
    return repo;
  }

  /** Login of the account that owns repositories created without an owner (and the admin token). */
  get defaultOwner(): string {
    return this.core.defaultOwner.login;
  }

  /** An account (user, or bot for `…[bot]` logins), created on first use. */
  account(login: string, type?: Account['type']): Account {
    return this.core.store.account(login, type);
  }

  private handle(repo: RepoRecord): RepoHandle {
    const token = this.core.store.issueToken({
      kind: 'user',
      actor: repo.owner,
      permissions: {},
      repositoryIds: [repo.id],
      installation: null,
      ttlMs: 365 * 24 * 3_600_000,
    });
    const path = `/${repo.owner.login}/${repo.name}.git`;
    const authed = new URL(path, this.core.url);
    authed.username = 'x-access-token';
    authed.password = token.token;
    return {
      id: repo.id,
      owner: repo.owner.login,
      name: repo.name,
      fullName: `${repo.owner.login}/${repo.name}`,
      defaultBranch: repo.defaultBranch,
      gitUrl: authed.href,
      cloneUrl: new URL(path, this.core.url).href,
    };
  }

  /** Creates a repository backed by a bare git repo, with `files` as its first commit. */
  async createRepo(input: {
    owner?: string;
    name: string;
    defaultBranch?: string;
    files?: Record<string, string | Uint8Array>;
    private?: boolean;
  }): Promise<RepoHandle> {
    const owner = input.owner ? this.core.store.account(input.owner) : this.core.defaultOwner;
    const repo = await createRepository(this.core, {
      owner,
      name: input.name,
      defaultBranch: input.defaultBranch ?? 'main',
      private: input.private ?? false,
      files: input.files ?? { 'README.md': `# ${input.name}\n` },
    });
    return this.handle(repo);
  }

  /** Repository handle (URLs with credentials) of an existing repository. */
  repoHandle(ref: RepoRef): RepoHandle {
    return this.handle(this.repoRecord(ref));
  }

  /** Forks a repository to `owner` (all refs copied) and returns the fork. */
  async forkRepo(input: { repo: RepoRef; owner: string }): Promise<RepoHandle> {
    const parent = this.repoRecord(input.repo);
    const owner = this.core.store.account(input.owner);
    const existing = this.core.store.repo(owner.login, parent.name);
    if (existing) return this.handle(existing);
    const fork = await createRepository(this.core, {
      owner,
      name: parent.name,
      defaultBranch: parent.defaultBranch,
      parent,
    });
    await runGit(fork.git.dir, [
      'fetch',
      '--quiet',
      parent.git.dir,
      '+refs/heads/*:refs/heads/*',
      '+refs/tags/*:refs/tags/*',
    ]);
    return this.handle(fork);
  }

  /** Commits `files` (null deletes) onto `branch`, creating it from `from` (default: the default branch). */
  async commit(input: {
    repo: RepoRef;
    branch: string;
    files: Record<string, string | Uint8Array | null>;
    message: string;
    author?: string;
    from?: string;
  }): Promise<string> {
    const repo = this.repoRecord(input.repo);
    const exists = await repo.git.resolve(`refs/heads/${input.branch}`);
    if (!exists && input.branch !== repo.defaultBranch) {
      const start = await repo.git.resolve(`refs/heads/${input.from ?? repo.defaultBranch}`);
      if (!start)
        throw new Error(
          `commit: branch ${input.from ?? repo.defaultBranch} does not exist in ${repo.owner.login}/${repo.name}.`,
        );
      await repo.git.updateRef(`refs/heads/${input.branch}`, start, null);
    }
    return commitToBranch(repo, {
      branch: input.branch,
      files: input.files,
      message: input.message,
      author: input.author ? this.core.store.account(input.author) : repo.owner,
    });
  }

  /** The commit a branch points to (null when it does not exist). */
  async branchSha(repo: RepoRef, branch: string): Promise<string | null> {
    return this.repoRecord(repo).git.resolve(`refs/heads/${branch}`);
  }

  /** Reads a file at a ref (default: the default branch); null when absent. */
  async readFile(repo: RepoRef, path: string, ref?: string): Promise<string | null> {
    const record = this.repoRecord(repo);
    const commit = await record.git.resolve(ref ?? `refs/heads/${record.defaultBranch}`);
    if (!commit) return null;
    const entry = await record.git.entry(commit, path);
    return entry?.type === 'blob' ? (await record.git.blob(entry.sha)).toString('utf8') : null;
  }

  /**
   * Opens a pull request. With `fromFork`, the head branch is moved into a fork owned by
   * `fromFork` (default `external-contributor`) and removed from the base repository, so the
   * pull request is a real cross-repository one.
   */
  async openPullRequest(input: {
    repo: RepoRef;
    head: string;
    base?: string;
    title: string;
    body?: string;
    labels?: string[];
    user?: string;
    draft?: boolean;
    fromFork?: boolean | string;
  }): Promise<PullHandle> {
    const repo = this.repoRecord(input.repo);
    const forkOwner =
      typeof input.fromFork === 'string'
        ? input.fromFork
        : input.fromFork
          ? 'external-contributor'
          : null;
    let head = input.head;
    if (forkOwner !== null) {
      const fork = this.repoRecord(
        (await this.forkRepo({ repo: input.repo, owner: forkOwner })).fullName,
      );
      if (await repo.git.resolve(`refs/heads/${input.head}`)) {
        // Move the branch: it lives only in the fork, as a contributor's branch does.
        const refspec = `+refs/heads/${input.head}:refs/heads/${input.head}`;
        await runGit(fork.git.dir, ['fetch', '--quiet', repo.git.dir, refspec]);
        await repo.git.deleteRef(`refs/heads/${input.head}`);
      }
      head = `${forkOwner}:${input.head}`;
    }
    const issue = await openPull(this.core, repo, {
      title: input.title,
      body: input.body ?? null,
      head,
      base: input.base ?? repo.defaultBranch,
      labels: input.labels ?? [],
      draft: input.draft ?? false,
      user: this.core.store.account(input.user ?? forkOwner ?? repo.owner.login),
    });
    return this.pullHandle(repo, issue);
  }

  private async pullHandle(repo: RepoRecord, issue: IssueRecord): Promise<PullHandle> {
    const pull = issue.pull;
    if (!pull) throw new Error(`#${issue.number} is not a pull request`);
    const shas = await pullShas(repo, issue);
    return {
      number: issue.number,
      id: pull.id,
      headSha: shas.head,
      baseSha: shas.base,
      headRef: pull.headRef,
      baseRef: pull.baseRef,
      headRepo: `${pull.headRepo.owner.login}/${pull.headRepo.name}`,
    };
  }

  /** A pull request's current state. */
  async pullRequest(
    repo: RepoRef,
    number: number,
  ): Promise<PullHandle & { state: string; merged: boolean; labels: string[] }> {
    const record = this.repoRecord(repo);
    const issue = this.core.store.repoData(record).issues.get(number);
    if (!issue?.pull)
      throw new Error(`No pull request #${number} in ${record.owner.login}/${record.name}.`);
    return {
      ...(await this.pullHandle(record, issue)),
      state: issue.state,
      merged: issue.pull.merged,
      labels: [...issue.labels],
    };
  }

  /** Merges a pull request (merge commit by default) and returns the new base tip. */
  async mergePullRequest(input: {
    repo: RepoRef;
    number: number;
    method?: 'merge' | 'squash' | 'rebase';
    by?: string;
  }): Promise<string> {
    const repo = this.repoRecord(input.repo);
    const issue = this.core.store.repoData(repo).issues.get(input.number);
    if (!issue?.pull)
      throw new Error(`No pull request #${input.number} in ${repo.owner.login}/${repo.name}.`);
    return mergePull(repo, issue, {
      method: input.method ?? 'merge',
      actor: input.by ? this.core.store.account(input.by) : repo.owner,
    });
  }

  /** Creates an issue (labels are created on first use). */
  createIssue(input: {
    repo: RepoRef;
    title: string;
    body?: string;
    labels?: string[];
    user?: string;
  }): number {
    const repo = this.repoRecord(input.repo);
    return createIssue(this.core, repo, {
      title: input.title,
      body: input.body ?? null,
      labels: input.labels ?? [],
      user: this.core.store.account(input.user ?? repo.owner.login),
    }).number;
  }

  /** Adds a comment to an issue or pull request as `user` (a stranger's, say); returns its id. */
  addComment(input: { repo: RepoRef; number: number; body: string; user: string }): number {
    const repo = this.repoRecord(input.repo);
    const data = this.core.store.repoData(repo);
    const issue = data.issues.get(input.number);
    if (issue === undefined)
      throw new Error(`addComment: no issue #${input.number} in ${repo.name}`);
    const at = timestamp();
    const id = this.core.store.id();
    data.comments.push({
      id,
      issueNumber: input.number,
      body: input.body,
      user: this.core.store.account(input.user),
      createdAt: at,
      updatedAt: at,
    });
    issue.updatedAt = at;
    return id;
  }

  /** Adds labels to an issue or pull request. */
  addLabels(input: { repo: RepoRef; number: number; labels: string[] }): void {
    const repo = this.repoRecord(input.repo);
    const issue = this.core.store.repoData(repo).issues.get(input.number);
    if (!issue) throw new Error(`No issue #${input.number} in ${repo.owner.login}/${repo.name}.`);
    for (const name of ensureLabels(this.core, repo, input.labels))
      if (!issue.labels.includes(name)) issue.labels.push(name);
  }

  /** Records as GitHub keeps them (issues, comments, check runs, releases, deployments, runs). */
  records(repo: RepoRef): RepoData {
    return this.core.store.repoData(this.repoRecord(repo));
  }
}
