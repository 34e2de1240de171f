import { isHttpStatus } from '../github/octokit.ts';
import { DIRECTORY_LISTING_LIMIT, listHistoryDirectory, type HistoryContext } from './api-store.ts';

/** An entry of a history-branch folder, as the contents API names it. */
export interface FolderEntry {
  type: string;
  name: string;
  path: string;
}

/**
 * Every entry of a folder of the history branch; empty when the branch or the folder does not
 * exist. The contents API (one request) lists at most 1,000 entries, the first in git's name
 * order, so a folder that fills that listing is read again through the git trees API, which
 * lists a folder whole: past 1,000 runs of a release, the newest are the ones it would miss.
 */
export async function listWholeHistoryDirectory(
  context: HistoryContext,
  directory: string,
): Promise<FolderEntry[]> {
  const listed = await listHistoryDirectory(context, directory);
  if (listed.length < DIRECTORY_LISTING_LIMIT) return listed;
  return (await listTree(context, directory)) ?? listed;
}

/** The folder through the git trees API, one level per request; null when it is not there. */
async function listTree(context: HistoryContext, directory: string): Promise<FolderEntry[] | null> {
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
  // Without `recursive` a tree is listed whole (GitHub's 100,000-entry limit is for recursive
  // listings); `truncated` would only mean fewer points in a chart, so what is listed is used.
  const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: tree });
  return data.tree.flatMap((entry) =>
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
}
