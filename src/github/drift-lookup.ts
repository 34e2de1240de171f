import { DRIFT_ISSUE_MARKER_PREFIX } from '../core/constants.ts';
import type { RepoContext } from './octokit.ts';
import { isWrittenBy, type CommentAuthor, type CommentUser } from './sticky-comment.ts';
import { tokenCommentAuthor } from './token-login.ts';

/**
 * Finding the drift issue of a release. Its markers are plain text anyone can paste, so an
 * issue or comment counts only when a trusted account wrote it: a stranger's issue carrying
 * the marker must not be adopted (commented on, closed), nor a stranger's comment carrying a
 * run marker make the tool believe that run was reported.
 */

/** An issue found or written by `syncDriftIssue`. */
export interface DriftIssue {
  number: number;
  url: string;
  state: 'open' | 'closed';
}

/**
 * Whose drift issues and comments count: one author or several (the App's `<slug>[bot]` and
 * the Action's `github-actions[bot]` both report monitoring runs), or `ANY_BOT`.
 */
export type DriftAuthors = CommentAuthor | readonly CommentAuthor[];

/** The hidden marker that ties an issue to one model release. */
export function driftIssueMarker(releaseTag: string): string {
  // The closing `-->` ends the tag, so the marker of model-v1.1.0 never matches model-v1.1.0-rc.
  return `${DRIFT_ISSUE_MARKER_PREFIX} ${releaseTag} -->`;
}

/**
 * `authors` when given, else the token's own identity (`tokenCommentAuthor`: a personal
 * token's login, or `ANY_BOT` for an App installation or workflow token, which no person can
 * write as).
 */
export async function driftAuthors(
  context: RepoContext,
  authors: DriftAuthors | undefined,
): Promise<DriftAuthors> {
  return authors ?? (await tokenCommentAuthor(context.octokit));
}

/** Whether a trusted author wrote it. */
export function isByDriftAuthor(user: CommentUser, authors: DriftAuthors): boolean {
  const list: readonly CommentAuthor[] = Array.isArray(authors) ? authors : [authors];
  return list.some((author) => isWrittenBy(user, author));
}

interface ListedIssue {
  number: number;
  html_url: string;
  body?: string | null;
  pull_request?: unknown;
  user: CommentUser;
}

function isDriftIssue(issue: ListedIssue, marker: string, authors: DriftAuthors): boolean {
  // The issues API lists pull requests too; a PR quoting the marker is not our issue.
  return (
    issue.pull_request === undefined &&
    isByDriftAuthor(issue.user, authors) &&
    (issue.body ?? '').includes(marker)
  );
}

/** Open issues a trusted author opened with the release's marker, oldest first, over all pages. */
export async function findOpenDriftIssues(
  context: RepoContext & {
    releaseTag: string;
    authors?: DriftAuthors;
    /** The issue marker when it is not the drift one (a performance issue's). */
    issueMarker?: (releaseTag: string) => string;
  },
): Promise<DriftIssue[]> {
  const { octokit, owner, repo, releaseTag } = context;
  const authors = await driftAuthors(context, context.authors);
  const marker = (context.issueMarker ?? driftIssueMarker)(releaseTag);
  const found: DriftIssue[] = [];
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    state: 'open',
    sort: 'created',
    direction: 'asc',
    per_page: 100,
  })) {
    for (const issue of page.data) {
      if (isDriftIssue(issue, marker, authors)) {
        found.push({ number: issue.number, url: issue.html_url, state: 'open' });
      }
    }
  }
  return found.sort((a, b) => a.number - b.number);
}

/**
 * The most recently updated closed issue of a release (among the 100 latest closed issues with
 * the drift labels) that a trusted author opened, or undefined. Only recent ones: a release
 * whose issue was closed long ago (or lost its labels) gets a new issue when drift comes back.
 */
export async function latestClosedDriftIssue(
  context: RepoContext & { labels: readonly string[]; authors: DriftAuthors },
  marker: string,
): Promise<DriftIssue | undefined> {
  const { octokit, owner, repo, labels, authors } = context;
  const { data: closed } = await octokit.rest.issues.listForRepo({
    owner,
    repo,
    state: 'closed',
    ...(labels.length === 0 ? {} : { labels: labels.join(',') }),
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  });
  const issue = closed.find((candidate) => isDriftIssue(candidate, marker, authors));
  return issue === undefined
    ? undefined
    : { number: issue.number, url: issue.html_url, state: 'closed' };
}
