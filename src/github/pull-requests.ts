import { isHttpStatus, type RepoContext } from './octokit.ts';

/** What the gate, the comment and the release need to know about a pull request. */
export interface PullRequestInfo {
  number: number;
  title: string;
  url: string;
  state: 'open' | 'closed';
  /** The head commit now; a run for an older commit is stale when this differs. */
  headSha: string;
  headRef: string;
  /** Full name of the head repository (a fork's for a fork's pull request); null when deleted. */
  headRepoName: string | null;
  baseRef: string;
  baseSha: string;
  /** Head branch lives in another repository: its runs get a read-only token. */
  isFork: boolean;
  labels: string[];
  author: string | null;
  merged: boolean;
  mergeCommitSha: string | null;
}

/** The fields of a pull request the API returns that modelgate reads. */
export interface PullLike {
  number: number;
  title: string;
  html_url: string;
  state: string;
  head: { sha: string; ref: string; repo: { full_name: string } | null };
  base: { sha: string; ref: string; repo: { full_name: string } };
  labels: readonly ({ name?: string } | string)[];
  user: { login: string } | null;
  merged_at: string | null;
  merge_commit_sha: string | null;
}

/** A pull request of the API as modelgate reads it. */
export function toPullRequestInfo(pull: PullLike): PullRequestInfo {
  return {
    number: pull.number,
    title: pull.title,
    url: pull.html_url,
    state: pull.state === 'closed' ? 'closed' : 'open',
    headSha: pull.head.sha,
    headRef: pull.head.ref,
    headRepoName: pull.head.repo?.full_name ?? null,
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    // A deleted fork leaves head.repo null; it was certainly not this repository.
    isFork: pull.head.repo?.full_name !== pull.base.repo.full_name,
    labels: pull.labels
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter(Boolean),
    author: pull.user?.login ?? null,
    merged: pull.merged_at !== null,
    mergeCommitSha: pull.merge_commit_sha,
  };
}

/** One pull request by number. */
export async function getPullRequest(
  options: RepoContext & { number: number },
): Promise<PullRequestInfo> {
  const { octokit, owner, repo, number } = options;
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  return toPullRequestInfo(data);
}

/**
 * The merged pull request whose merge produced `sha` on the default branch (merge, squash or
 * rebase), or null for a direct push. The release reads its labels and title.
 */
export async function findMergedPullRequest(
  options: RepoContext & { sha: string },
): Promise<PullRequestInfo | null> {
  const { octokit, owner, repo, sha } = options;
  const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
    owner,
    repo,
    commit_sha: sha,
    per_page: 100,
  });
  const merged = pulls.filter((pull) => pull.merged_at !== null);
  // A commit can belong to several pull requests (a branch merged twice); the one whose merge
  // made this commit is the one that released it.
  const exact = merged.find((pull) => pull.merge_commit_sha === sha) ?? merged[0];
  return exact === undefined ? null : toPullRequestInfo(exact);
}

/** Permission levels that may override the gate. */
const WRITE_ROLES = new Set(['admin', 'maintain', 'write']);

/**
 * Whether `username` may write to the repository (admin, maintain or write), as GitHub
 * decides it — the check behind `/modelgate override`. A user who is no collaborator is
 * refused, not an error.
 */
export async function hasWriteAccess(
  options: RepoContext & { username: string },
): Promise<boolean> {
  const { octokit, owner, repo, username } = options;
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username,
    });
    // `permission` folds maintain into write and triage into read; `role_name` keeps them.
    return WRITE_ROLES.has(data.permission) || WRITE_ROLES.has(data.role_name);
  } catch (error) {
    if (isHttpStatus(error, 404)) return false;
    throw error;
  }
}
