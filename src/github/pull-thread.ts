import { COMMENT_MARKER } from '../core/constants.ts';
import { readOverrideRecord, type OverrideRecord } from '../core/records/override-record.ts';
import type { PullThread } from '../flows/ports.ts';
import type { RepoContext } from './octokit.ts';

/** Whether a comment (its author and body) was written by modelgate's writer here. */
export type IsWriter = (
  user: { login: string; type: string } | null | undefined,
  body: string,
) => boolean;

/**
 * What modelgate's writer said on pull request `number`, from one paginated read of its
 * comments (oldest first): the sticky comment, the override records and the commands they
 * answer, and the ids of answers that repeat an earlier one (a concurrent replica's copy).
 * Comments by anyone else are skipped, whatever they say.
 */
export async function readPullThread(
  context: RepoContext,
  number: number,
  isWriter: IsWriter,
): Promise<PullThread> {
  const { octokit, owner, repo } = context;
  let sticky: PullThread['sticky'] = null;
  const overrides: OverrideRecord[] = [];
  const answered = new Set<number>();
  // Each command's first answer of each kind; a later one repeats it (comments list oldest first).
  const firstAnswers = new Set<string>();
  const duplicateAnswers: number[] = [];
  const isRepeat = (key: string): boolean => {
    if (firstAnswers.has(key)) return true;
    firstAnswers.add(key);
    return false;
  };
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  })) {
    for (const comment of page.data) {
      const body = comment.body ?? '';
      if (!isWriter(comment.user, body)) continue;
      if (body.trimStart().startsWith(COMMENT_MARKER)) {
        sticky ??= { id: comment.id, url: comment.html_url, body };
        continue;
      }
      const record = readOverrideRecord(body);
      if (record !== null) {
        if (isRepeat(`override:${record.comment}`)) {
          duplicateAnswers.push(comment.id);
          continue;
        }
        overrides.push(record);
        answered.add(record.comment);
      }
      const replies = [...body.matchAll(/<!-- modelgate:reply-to (\d{1,15}) -->/g)];
      if (replies.length === 1 && isRepeat(`reply:${replies[0]?.[1] ?? ''}`)) {
        duplicateAnswers.push(comment.id);
        continue;
      }
      for (const match of replies) answered.add(Number(match[1]));
    }
  }
  return { sticky, overrides, answered, duplicateAnswers };
}
