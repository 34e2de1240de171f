import { runGit } from './git-process.ts';
import { RefConflictError } from './git-repo.ts';
import { HttpError, validationFailed } from './http/errors.ts';
import type { SandboxCore } from './http/route.ts';
import type { Account, IssueRecord, LabelRecord, RepoRecord } from './model.ts';
import { identityOf } from './repo-service.ts';
import { pullShas } from './shapes/issues.ts';
import { timestamp } from './timestamp.ts';

/**
 * Issues and pull requests as records: creation (shared numbering), labels created on first
 * use (as GitHub does when labels are added by name), opening a pull request with GitHub's
 * checks, and merging it through git (merge commit, squash or rebase).
 */

/** Deterministic colour for a label name, so screenshots and snapshots are stable. */
function colourOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return (hash & 0xffffff).toString(16).padStart(6, '0');
}

/** Finds or creates labels by name; returns the canonical names. */
export function ensureLabels(
  core: SandboxCore,
  repo: RepoRecord,
  names: readonly string[],
): string[] {
  return names.map((name) => {
    const existing = repo.labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing.name;
    const label: LabelRecord = {
      id: core.store.id(),
      name,
      color: colourOf(name),
      description: null,
    };
    repo.labels.push(label);
    return name;
  });
}

/** Input of `createIssue`. */
export interface NewIssue {
  title: string;
  body?: string | null;
  labels?: readonly string[];
  assignees?: readonly Account[];
  user: Account;
}

/** Creates an issue with the repository's next number. */
export function createIssue(core: SandboxCore, repo: RepoRecord, input: NewIssue): IssueRecord {
  const at = timestamp();
  const issue: IssueRecord = {
    id: core.store.id(),
    number: repo.nextNumber,
    title: input.title,
    body: input.body ?? null,
    state: 'open',
    stateReason: null,
    labels: ensureLabels(core, repo, input.labels ?? []),
    user: input.user,
    assignees: [...(input.assignees ?? [])],
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    pull: null,
  };
  repo.nextNumber += 1;
  core.store.repoData(repo).issues.set(issue.number, issue);
  return issue;
}

/** Input of `openPull`. */
export interface NewPull extends NewIssue {
  /** `branch` or `owner:branch` (fork). */
  head: string;
  base: string;
  draft?: boolean;
}

function headRepoOf(
  core: SandboxCore,
  repo: RepoRecord,
  head: string,
): { headRepo: RepoRecord; headRef: string } {
  const colon = head.indexOf(':');
  if (colon === -1) return { headRepo: repo, headRef: head };
  const owner = head.slice(0, colon);
  const headRef = head.slice(colon + 1);
  if (owner.toLowerCase() === repo.owner.login.toLowerCase()) return { headRepo: repo, headRef };
  for (const candidate of core.store.repos.values()) {
    if (
      candidate.owner.login.toLowerCase() === owner.toLowerCase() &&
      candidate.parent?.id === repo.id
    ) {
      return { headRepo: candidate, headRef };
    }
  }
  throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
}

/** Opens a pull request after GitHub's checks (branches exist, commits differ, no duplicate). */
export async function openPull(
  core: SandboxCore,
  repo: RepoRecord,
  input: NewPull,
): Promise<IssueRecord> {
  const { headRepo, headRef } = headRepoOf(core, repo, input.head);
  const headSha = await headRepo.git.resolve(`refs/heads/${headRef}`);
  if (!headSha) throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  const baseSha = await repo.git.resolve(`refs/heads/${input.base}`);
  if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  for (const existing of core.store.repoData(repo).issues.values()) {
    const pull = existing.pull;
    if (
      pull &&
      existing.state === 'open' &&
      pull.headRepo.id === headRepo.id &&
      pull.headRef === headRef &&
      pull.baseRef === input.base
    ) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${headRepo.owner.login}:${headRef}.`,
      });
    }
  }
  if (headRepo !== repo) await fetchInto(repo, headRepo, headSha);
  if ((await repo.git.log(headSha, { exclude: baseSha, max: 1 })).length === 0) {
    throw validationFailed({
      resource: 'PullRequest',
      code: 'custom',
      message: `No commits between ${input.base} and ${headRef}`,
    });
  }
  const issue = createIssue(core, repo, input);
  issue.pull = {
    id: core.store.id(),
    headRepo,
    headRef,
    baseRef: input.base,
    draft: input.draft ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    frozenHeadSha: null,
    frozenBaseSha: null,
  };
  // GitHub keeps every pull request's head reachable in the base repository.
  await repo.git.updateRef(`refs/pull/${issue.number}/head`, headSha, null);
  return issue;
}

/** Copies a fork's commit into the base repository, as GitHub's shared object storage does. */
async function fetchInto(repo: RepoRecord, source: RepoRecord, sha: string): Promise<void> {
  await runGit(repo.git.dir, ['fetch', '--quiet', source.git.dir, sha]);
}

/** Input of `mergePull`. */
export interface MergeInput {
  method: 'merge' | 'squash' | 'rebase';
  actor: Account;
  expectedHeadSha?: string;
  commitTitle?: string;
  commitMessage?: string;
}

/** Merges an open pull request into its base branch and closes it; returns the new base tip. */
export async function mergePull(
  repo: RepoRecord,
  issue: IssueRecord,
  input: MergeInput,
): Promise<string> {
  const pull = issue.pull;
  if (!pull) throw new HttpError(404, 'Not Found');
  if (pull.merged || issue.state !== 'open')
    throw new HttpError(405, 'Pull Request is not mergeable');
  const { head, base } = await pullShas(repo, issue);
  if (input.expectedHeadSha !== undefined && input.expectedHeadSha !== head) {
    throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
  }
  if (pull.headRepo !== repo) await fetchInto(repo, pull.headRepo, head);
  const author = identityOf(input.actor);
  const title =
    input.commitTitle ??
    (input.method === 'merge'
      ? `Merge pull request #${issue.number} from ${pull.headRepo.owner.login}/${pull.headRef}`
      : `${issue.title} (#${issue.number})`);
  const message =
    `${title}\n\n${input.commitMessage ?? (input.method === 'merge' ? issue.title : '')}`.trimEnd() +
    '\n';
  let newTip: string;
  if (input.method === 'rebase') {
    if (!(await repo.git.isAncestor(base, head)))
      throw new HttpError(405, "This branch can't be rebased");
    // Replaying onto an unchanged base: each commit keeps its tree and gets a new committer.
    newTip = base;
    for (const sha of (await repo.git.log(head, { exclude: base })).reverse()) {
      const commit = await repo.git.commit(sha);
      newTip = await repo.git.commitTree(
        commit.tree,
        [newTip],
        commit.message,
        commit.author,
        author,
      );
    }
  } else {
    const tree = await repo.git.mergeTree(base, head);
    if (tree === null) throw new HttpError(405, 'Pull Request is not mergeable');
    newTip = await repo.git.commitTree(
      tree,
      input.method === 'merge' ? [base, head] : [base],
      message,
      author,
    );
  }
  try {
    await repo.git.updateRef(`refs/heads/${pull.baseRef}`, newTip, base);
  } catch (error) {
    if (error instanceof RefConflictError)
      throw new HttpError(409, 'Base branch was modified. Review and try the merge again.');
    throw error;
  }
  const at = timestamp();
  Object.assign(pull, {
    merged: true,
    mergedAt: at,
    mergedBy: input.actor,
    mergeCommitSha: newTip,
    frozenHeadSha: head,
    frozenBaseSha: base,
  });
  Object.assign(issue, {
    state: 'closed',
    stateReason: null,
    closedAt: at,
    updatedAt: at,
  });
  repo.pushedAt = at;
  return newTip;
}
