import { COMMENT_MARKER } from '../core/constants.ts';
import { isHttpStatus, type RepoContext } from './octokit.ts';

/** A comment found by its hidden marker. */
export interface StickyComment {
  id: number;
  url: string;
  body: string;
  /** Login of the comment's author (null for a deleted account). */
  author: string | null;
}

/** Input of `findStickyComment`. */
export interface FindStickyCommentOptions extends RepoContext {
  issueNumber: number;
  /** Hidden marker the comment body starts with; defaults to modelgate's report marker. */
  marker?: string;
  /**
   * Only comments by this login count (e.g. `my-app[bot]`), so a user who pastes the marker
   * into their own comment cannot make the tool edit (and fail on) a comment it does not own.
   */
  author?: string;
}

/** GitHub refuses comment bodies over 65536 characters; renderers keep well below this. */
export const MAX_COMMENT_LENGTH = 65_536;

function isSticky(
  comment: { body?: string | null; user?: { login: string } | null },
  marker: string,
  author: string | undefined,
): boolean {
  if (author !== undefined && comment.user?.login !== author) return false;
  // startsWith, not includes: a reply that quotes the report contains the marker too.
  return (comment.body ?? '').trimStart().startsWith(marker);
}

/** Every marker comment on the issue, oldest first, over all pages. */
async function listStickyComments(options: FindStickyCommentOptions): Promise<StickyComment[]> {
  const { octokit, owner, repo, issueNumber, author } = options;
  const marker = options.marker ?? COMMENT_MARKER;
  const found: StickyComment[] = [];
  // All pages: a busy pull request has more than 100 comments, and the report may be the first.
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  })) {
    for (const comment of page.data) {
      if (isSticky(comment, marker, author)) {
        found.push({
          id: comment.id,
          url: comment.html_url,
          body: comment.body ?? '',
          author: comment.user?.login ?? null,
        });
      }
    }
  }
  return found.sort((a, b) => a.id - b.id);
}

/**
 * Finds the sticky comment (the oldest one carrying the marker) on an issue or pull request,
 * looking through every page of comments.
 */
export async function findStickyComment(
  options: FindStickyCommentOptions,
): Promise<StickyComment | null> {
  const all = await listStickyComments(options);
  return all[0] ?? null;
}

/** Input of `upsertStickyComment`. */
export interface UpsertStickyCommentOptions extends FindStickyCommentOptions {
  /** Full comment body; it must start with the marker so the next run finds it. */
  body: string;
}

/** The sticky comment, and what `upsertStickyComment` did to it. */
export interface UpsertStickyCommentResult {
  id: number;
  url: string;
  action: 'created' | 'updated' | 'unchanged';
}

/**
 * Creates the one sticky comment of a pull request, or edits it in place. An identical body
 * is not written again (no notification, no "edited" marker on GitHub).
 *
 * Two runs racing for the same pull request can both find nothing and both create a comment;
 * the creator therefore looks again afterwards, keeps the oldest marker comment and deletes
 * the others, so concurrent deliveries converge on one comment.
 */
export async function upsertStickyComment(
  options: UpsertStickyCommentOptions,
): Promise<UpsertStickyCommentResult> {
  const { octokit, owner, repo, issueNumber, body } = options;
  const marker = options.marker ?? COMMENT_MARKER;
  if (!body.trimStart().startsWith(marker)) {
    throw new Error(`Sticky comment body must start with the marker ${marker}.`);
  }
  if (body.length > MAX_COMMENT_LENGTH) {
    throw new Error(
      `Sticky comment body is ${body.length} characters; GitHub accepts at most ${MAX_COMMENT_LENGTH}.`,
    );
  }

  const existing = await findStickyComment(options);
  if (existing !== null) {
    if (existing.body === body) return { id: existing.id, url: existing.url, action: 'unchanged' };
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body,
    });
    return { id: data.id, url: data.html_url, action: 'updated' };
  }

  const { data: created } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body,
  });
  // Only our own identity's comments are candidates for removal: whatever else carries the
  // marker (a pasted report) is someone else's to keep.
  const all = await listStickyComments({
    ...options,
    author: options.author ?? created.user?.login,
  });
  const keep = all[0];
  if (keep === undefined || keep.id === created.id) {
    await deleteComments(options, all.slice(1));
    return { id: created.id, url: created.html_url, action: 'created' };
  }
  // Another run created the comment first: ours goes, theirs carries our (newer) body.
  await deleteComments(options, all.slice(1));
  if (keep.body !== body) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body });
    return { id: keep.id, url: keep.url, action: 'updated' };
  }
  return { id: keep.id, url: keep.url, action: 'unchanged' };
}

async function deleteComments(context: RepoContext, comments: StickyComment[]): Promise<void> {
  const { octokit, owner, repo } = context;
  for (const comment of comments) {
    try {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: comment.id });
    } catch (error) {
      // The racing run deleted it already.
      if (!isHttpStatus(error, 404)) throw error;
    }
  }
}
