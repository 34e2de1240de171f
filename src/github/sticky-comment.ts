import { ACTION_WRITER_MARKER, COMMENT_MARKER } from '../core/constants.ts';
import { SEND_ONCE, writeLookingFirst } from './lost-answer.ts';
import { isHttpStatus, type RepoContext } from './octokit.ts';

/** The account a workflow's `GITHUB_TOKEN` writes as. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * Whose marker comments are the tool's own: an exact login (the App's `my-app[bot]`, a
 * personal token's user), or `ANY_BOT` for a token that cannot learn its login. A workflow
 * token writes as `github-actions[bot]` and an installation token as `<app slug>[bot]`, and
 * `GET /user` refuses both; what they share is that no human can post as a Bot account, so
 * a pasted marker in a person's comment still never matches.
 */
export type CommentAuthor = string | typeof ANY_BOT;

/**
 * `CommentAuthor` of the Action's token when it cannot learn its login: any account whose
 * `type` is `Bot`, and only comments that also carry `ACTION_WRITER_MARKER` on the line after
 * the marker. The modelgate App is a bot too; taking its report where it is installed would
 * make the two overwrite each other, or fail with 403 on every run and never post.
 */
export const ANY_BOT = Object.freeze({ type: 'Bot' as const });

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
   * Only comments by this author count (e.g. `my-app[bot]`, or `ANY_BOT`), so a user who
   * pastes the marker into their own comment cannot make the tool edit (and fail on) a
   * comment it does not own.
   */
  author?: CommentAuthor;
}

/**
 * `body` (a report starting with `COMMENT_MARKER`) as the Action posts it: with its writer
 * marker on the next line, so that it is found again with `ANY_BOT`.
 */
export function withActionWriterMarker(body: string): string {
  const report = body.trimStart();
  if (!report.startsWith(COMMENT_MARKER)) return body; // upsertStickyComment says what is wrong
  return `${COMMENT_MARKER}\n${ACTION_WRITER_MARKER}${report.slice(COMMENT_MARKER.length)}`;
}

/**
 * What a comment of `author` starts with: the marker, and with `ANY_BOT` the Action's writer
 * marker on the next line (see `ANY_BOT`).
 */
function leadingMarkers(options: FindStickyCommentOptions): string {
  const marker = options.marker ?? COMMENT_MARKER;
  return options.author === ANY_BOT ? `${marker}\n${ACTION_WRITER_MARKER}` : marker;
}

/** GitHub refuses comment bodies over 65536 characters; renderers keep well below this. */
export const MAX_COMMENT_LENGTH = 65_536;

/** The author of a comment or issue as GitHub lists it (null for a deleted account). */
export type CommentUser = { login: string; type: string } | null | undefined;

/** Whether `user` is `author` (any user when `author` is undefined). */
export function isWrittenBy(user: CommentUser, author: CommentAuthor | undefined): boolean {
  if (author === undefined) return true;
  if (typeof author === 'string') return user?.login === author;
  return user?.type === 'Bot';
}

function isSticky(
  comment: { body?: string | null; user?: CommentUser },
  marker: string,
  author: CommentAuthor | undefined,
): boolean {
  if (!isWrittenBy(comment.user, author)) return false;
  // startsWith, not includes: a reply that quotes the report contains the marker too.
  return (comment.body ?? '').trimStart().startsWith(marker);
}

/**
 * Every marker comment on the issue, over all pages: oldest first, except that with `ANY_BOT`
 * the `github-actions[bot]` ones come first. Of the Action's comments, one left by an earlier
 * run with an installation token (`<slug>[bot]`) is one a workflow token could not edit.
 */
async function listStickyComments(options: FindStickyCommentOptions): Promise<StickyComment[]> {
  const { octokit, owner, repo, issueNumber, author } = options;
  const marker = leadingMarkers(options);
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
  const rank = (comment: StickyComment): number =>
    author === ANY_BOT && comment.author !== ACTIONS_BOT_LOGIN ? 1 : 0;
  return found.sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}

/**
 * Finds the sticky comment (the oldest one by `author` carrying the marker; see
 * `listStickyComments` for `ANY_BOT`) on an issue or pull request, looking through every page
 * of comments.
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
  /** The comment as the caller already found it (null: none), so the comments are listed once. */
  existing?: Pick<StickyComment, 'id' | 'url' | 'body'> | null;
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
  const report = options.marker ?? COMMENT_MARKER;
  const marker = leadingMarkers(options);
  if (!body.trimStart().startsWith(report)) {
    throw new Error(`Sticky comment body must start with the marker ${report}.`);
  }
  if (!body.trimStart().startsWith(marker)) {
    throw new Error(
      `Sticky comment body of ANY_BOT must carry ${ACTION_WRITER_MARKER} on the line after ${report}, or the next run could not find it.`,
    );
  }
  if (body.length > MAX_COMMENT_LENGTH) {
    throw new Error(
      `Sticky comment body is ${body.length} characters; GitHub accepts at most ${MAX_COMMENT_LENGTH}.`,
    );
  }

  const existing =
    options.existing === undefined ? await findStickyComment(options) : options.existing;
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

  // There was none: a marker comment with this body found after a lost answer is ours.
  const made = async (): Promise<CreatedComment | null> => {
    const found = (await listStickyComments(options)).find((comment) => comment.body === body);
    return found === undefined
      ? null
      : {
          id: found.id,
          html_url: found.url,
          user: found.author === null ? null : { login: found.author },
        };
  };
  const created: CreatedComment = await writeLookingFirst(async () => {
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body,
      ...SEND_ONCE,
    });
    return data;
  }, made);
  // Only our own identity's comments are candidates for removal: whatever else carries the
  // marker (a pasted report, another bot's report) is someone else's to keep. The created
  // comment names that identity exactly, also when `author` was only `ANY_BOT`; the writer
  // marker stays required then, since the Action may write with the App's own installation.
  const own = typeof options.author === 'string' ? options.author : created.user?.login;
  const all = await listStickyComments(
    own === undefined ? options : { ...options, marker, author: own },
  );
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

/** What `upsertStickyComment` needs of the comment it created. */
interface CreatedComment {
  id: number;
  html_url: string;
  user: { login: string } | null;
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
