import { isHttpStatus } from '../github/octokit.ts';
import { DIRECTORY_LISTING_LIMIT, listHistoryDirectory, type HistoryContext } from './api-store.ts';
import { historyDirectory, shaOfRecordPath, type HistoryScope } from './record.ts';

/** An entry of a history-branch folder, as the contents API names it. */
export interface FolderEntry {
  type: string;
  name: string;
  path: string;
}

/**
 * The entries of a folder of the history branch, and whether they are all of them. The
 * contents API (one request) lists at most 1,000 entries, the first in git's name order, so a
 * folder that fills that listing is read again through the git trees API, which lists a
 * folder whole up to GitHub's limit; `complete` is false when even that was cut short.
 */
async function readFolder(
  context: HistoryContext,
  directory: string,
): Promise<{ entries: FolderEntry[]; complete: boolean }> {
  const listed = await listHistoryDirectory(context, directory);
  if (listed.length < DIRECTORY_LISTING_LIMIT) return { entries: listed, complete: true };
  const tree = await listTree(context, directory);
  if (tree === null) return { entries: listed, complete: false };
  return { entries: tree.entries, complete: !tree.truncated };
}

/**
 * Every entry of a folder of the history branch; empty when the branch or the folder does not
 * exist. Past 1,000 runs of a release the newest are the ones a plain listing would miss; a
 * listing cut short would only mean fewer points in a chart, so what is listed is used.
 */
export async function listWholeHistoryDirectory(
  context: HistoryContext,
  directory: string,
): Promise<FolderEntry[]> {
  return (await readFolder(context, directory)).entries;
}

/**
 * SHAs that have a record of `scope` on the history branch, past 1,000 records too. Null when
 * the folder cannot be listed whole (then look records up one by one); never a partial set,
 * which would skip real records.
 */
export async function listHistoryShas(
  context: HistoryContext,
  scope: HistoryScope = 'default-branch',
): Promise<Set<string> | null> {
  const { entries, complete } = await readFolder(context, historyDirectory(scope));
  if (!complete) return null;
  const shas = new Set<string>();
  for (const entry of entries) {
    const sha = entry.type === 'file' ? shaOfRecordPath(entry.path, scope) : null;
    if (sha !== null) shas.add(sha);
  }
  return shas;
}

/**
 * The folder through the git trees API, one level per request, and whether GitHub cut the
 * listing short; null when it is not there.
 */
async function listTree(
  context: HistoryContext,
  directory: string,
): Promise<{ entries: FolderEntry[]; truncated: boolean } | null> {
  const { octokit, owner, repo, branch } = context;
  let tree: string;
  try {
    const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
    const { data: commit } = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: ref.object.sha,
    });
    tree = commit.tree.sha;
  } catch (error) {
    if (isHttpStatus(error, 404)) return null;
    throw error;
  }
  // Walked from the root rather than asked as `branch:path`, which GitHub does not document.
  for (const segment of directory.split('/')) {
    const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: tree });
    const next = data.tree.find((entry) => entry.path === segment && entry.type === 'tree');
    if (next?.sha === undefined) return null;
    tree = next.sha;
  }
  // Without `recursive` a tree is listed whole up to GitHub's limit (100,000 entries, 7 MB).
  const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: tree });
  const entries = data.tree.flatMap((entry) =>
    entry.path === undefined
      ? []
      : [
          {
            type:
              entry.type === 'blob' ? 'file' : entry.type === 'tree' ? 'dir' : String(entry.type),
            name: entry.path,
            path: `${directory}/${entry.path}`,
          },
        ],
  );
  return { entries, truncated: data.truncated };
}
