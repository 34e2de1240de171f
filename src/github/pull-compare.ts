import { z } from 'zod';
import type { PullChanges } from '../flows/ports.ts';
import { isHttpStatus, type RepoContext } from './octokit.ts';

/** A compare listing this long may be cut short by GitHub (300 files). */
const COMPARE_FILES_CAP = 300;

const FileSchema = z.object({ type: z.literal('file'), sha: z.string() });

/**
 * What a pull request changes (merge base to head), by one `compare` call. Both shas name
 * fixed commits, so the answer never changes: one delivery's port asks once, however many
 * paths (the training workflow, the data, its DVC pointer) and the baseline lookup need it.
 */
export async function comparePull(
  ctx: RepoContext,
  baseSha: string,
  headSha: string,
): Promise<PullChanges> {
  const { octokit, owner, repo } = ctx;
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner,
    repo,
    basehead: `${baseSha}...${headSha}`,
  });
  const files = data.files ?? [];
  const paths = new Set<string>();
  for (const file of files) {
    paths.add(file.filename);
    if (file.previous_filename !== undefined) paths.add(file.previous_filename);
  }
  return {
    mergeBase: data.merge_base_commit.sha,
    paths,
    complete: files.length < COMPARE_FILES_CAP,
  };
}

/**
 * Whether the pull request changes `path`, from its compare; when the listing may be cut
 * short and does not name the path, the file's blob at the merge base and at the head decide.
 */
export async function changesPath(
  ctx: RepoContext,
  changes: PullChanges,
  headSha: string,
  path: string,
): Promise<boolean> {
  if (changes.paths.has(path)) return true;
  if (changes.complete) return false;
  const { octokit, owner, repo } = ctx;
  const blob = async (ref: string): Promise<string | null> => {
    try {
      const { data: entry } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
      const parsed = FileSchema.safeParse(entry);
      return parsed.success ? parsed.data.sha : null;
    } catch (error) {
      if (isHttpStatus(error, 404)) return null;
      throw error;
    }
  };
  return (await blob(changes.mergeBase)) !== (await blob(headSha));
}
