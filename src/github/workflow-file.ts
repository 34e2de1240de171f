import { z } from 'zod';
import { isHttpStatus, type RepoContext } from './octokit.ts';

const FileSchema = z.object({
  type: z.literal('file'),
  encoding: z.literal('base64'),
  content: z.string(),
});

/** A step that uses the modelgate Action (`uses: <owner>/modelgate@v1`) or runs its CLI. */
const MODELGATE_STEP =
  /^\s*(-\s*)?(uses:\s*['"]?[\w.-]+\/modelgate(\/[\w./-]*)?@|run:.*\bmodelgate\s+train\b)/m;

/**
 * Whether the workflow at `path` trains with modelgate, judged from the default branch's copy
 * (a pull request cannot make an unrelated workflow count, nor hide a modelgate one). Used
 * only for failed runs that uploaded nothing: such a run must fail the gate, while a failed
 * lint workflow must not touch it.
 */
export async function usesModelgate(
  ctx: RepoContext & { defaultBranch: string },
  path: string,
): Promise<boolean> {
  const { octokit, owner, repo, defaultBranch } = ctx;
  try {
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref: defaultBranch });
    const file = FileSchema.safeParse(data);
    if (!file.success) return false;
    return MODELGATE_STEP.test(Buffer.from(file.data.content, 'base64').toString('utf8'));
  } catch (error) {
    // A workflow that exists only on the pull request's branch is not on the default branch.
    if (isHttpStatus(error, 404)) return false;
    throw error;
  }
}
