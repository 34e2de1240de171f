import { runGit } from '../git-process.ts';
import type { SandboxCore } from '../http/route.ts';
import type { CommentRecord, IssueRecord, LabelRecord, RepoRecord } from '../model.ts';
import { api, labelShape, nodeId, repoShape, userShape } from './common.ts';

/**
 * Wire shapes of issues, issue comments and pull requests (`issue`, `issue-comment`,
 * `pull-request`, `pull-request-simple`), also used inside webhook payloads.
 */

const NO_REACTIONS = {
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  hooray: 0,
  confused: 0,
  heart: 0,
  rocket: 0,
  eyes: 0,
};

function reactions(url: string): Record<string, unknown> {
  return { url: `${url}/reactions`, ...NO_REACTIONS };
}

/** Label records for names attached to an issue (labels are created on first use). */
export function labelsOf(repo: RepoRecord, names: readonly string[]): LabelRecord[] {
  return names.flatMap((name) =>
    repo.labels.filter((label) => label.name.toLowerCase() === name.toLowerCase()),
  );
}

function authorAssociation(repo: RepoRecord, login: string): string {
  if (repo.owner.login.toLowerCase() === login.toLowerCase()) return 'OWNER';
  if (repo.collaborators.has(login.toLowerCase())) return 'COLLABORATOR';
  return login.endsWith('[bot]') ? 'NONE' : 'CONTRIBUTOR';
}

/** `issue` */
export function issueShape(
  core: SandboxCore,
  repo: RepoRecord,
  issue: IssueRecord,
  commentCount: number,
): Record<string, unknown> {
  const repoApi = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const url = `${repoApi}/issues/${issue.number}`;
  const html = `${core.url}/${repo.owner.login}/${repo.name}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
  return {
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    url,
    repository_url: repoApi,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userShape(core, issue.user),
    labels: labelsOf(repo, issue.labels).map((label) => labelShape(core, repo, label)),
    assignee: issue.assignees[0] ? userShape(core, issue.assignees[0]) : null,
    assignees: issue.assignees.map((account) => userShape(core, account)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: commentCount,
    ...(issue.pull
      ? {
          pull_request: {
            url: `${repoApi}/pulls/${issue.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: issue.pull.mergedAt,
          },
        }
      : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: authorAssociation(repo, issue.user.login),
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
}

/** `issue-comment` */
export function commentShape(
  core: SandboxCore,
  repo: RepoRecord,
  comment: CommentRecord,
): Record<string, unknown> {
  const repoApi = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const url = `${repoApi}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url,
    html_url: `${core.url}/${repo.owner.login}/${repo.name}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userShape(core, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${repoApi}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(repo, comment.user.login),
    reactions: reactions(url),
    performed_via_github_app: null,
  };
}

/** Head and base commits of a pull request as they are now (or when it was closed). */
export interface PullShas {
  head: string;
  base: string;
}

/** Current head/base shas: live branch tips while open, frozen ones once closed or merged. */
export async function pullShas(repo: RepoRecord, issue: IssueRecord): Promise<PullShas> {
  const pull = issue.pull;
  if (!pull) throw new Error(`#${issue.number} is not a pull request`);
  const head =
    pull.frozenHeadSha ?? (await pull.headRepo.git.resolve(`refs/heads/${pull.headRef}`)) ?? '';
  const base = pull.frozenBaseSha ?? (await repo.git.resolve(`refs/heads/${pull.baseRef}`)) ?? '';
  if (head !== '' && pull.headRepo !== repo && (await repo.git.objectType(head)) === null) {
    // A push to the fork: GitHub's shared object store makes it visible in the base repository
    // at once; here it is fetched on first use.
    await runGit(repo.git.dir, ['fetch', '--quiet', pull.headRepo.git.dir, head]);
  }
  return { head, base };
}

/**
 * `pull-request` (single) with `detail`, else `pull-request-simple` (lists). `extra` carries
 * the counts GitHub computes from git (commits, changed files).
 */
export function pullShape(
  core: SandboxCore,
  repo: RepoRecord,
  issue: IssueRecord,
  shas: PullShas,
  detail: { commits: number; changedFiles: number; comments: number } | null,
): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error(`#${issue.number} is not a pull request`);
  const repoApi = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const url = `${repoApi}/pulls/${issue.number}`;
  const html = `${core.url}/${repo.owner.login}/${repo.name}/pull/${issue.number}`;
  const issueUrl = `${repoApi}/issues/${issue.number}`;
  const side = (target: RepoRecord, ref: string, sha: string): Record<string, unknown> => ({
    label: `${target.owner.login}:${ref}`,
    ref,
    sha,
    user: userShape(core, target.owner),
    repo: repoShape(core, target),
  });
  const link = (href: string): { href: string } => ({ href });
  const shape: Record<string, unknown> = {
    url,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoApi}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoApi}/statuses/${shas.head}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userShape(core, issue.user),
    body: issue.body,
    labels: labelsOf(repo, issue.labels).map((label) => {
      const shape = labelShape(core, repo, label);
      // The list shape (`pull-request-simple`) types a label's description as a string; only
      // the full pull request allows null. A label without one is the empty string there.
      return detail ? shape : { ...shape, description: label.description ?? '' };
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: issue.assignees[0] ? userShape(core, issue.assignees[0]) : null,
    assignees: issue.assignees.map((account) => userShape(core, account)),
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRepo, pull.headRef, shas.head),
    base: side(repo, pull.baseRef, shas.base),
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${repoApi}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${repoApi}/statuses/${shas.head}`),
    },
    author_association: authorAssociation(repo, issue.user.login),
    auto_merge: null,
    draft: pull.draft,
  };
  if (detail) {
    Object.assign(shape, {
      merged: pull.merged,
      mergeable: issue.state === 'open' ? true : null,
      rebaseable: issue.state === 'open' ? true : null,
      mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
      merged_by: pull.mergedBy ? userShape(core, pull.mergedBy) : null,
      comments: detail.comments,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: detail.commits,
      additions: 0,
      deletions: 0,
      changed_files: detail.changedFiles,
    });
  }
  return shape;
}
