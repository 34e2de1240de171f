import type { RepoReader } from '../flows/ports.ts';

/**
 * The pull requests a run or a check of `sha` is judged for, by number: those its payload
 * lists (already narrowed to this repository), else (a fork's run lists none) the open ones
 * whose head is `sha`. Listed ones are not read here: each job reads its pull request inside
 * the queue anyway (a push may move the head while it waits), and the judge ignores one that
 * is closed by then, so a read here would only repeat that one.
 */
export async function pullNumbersFor(
  port: RepoReader,
  sha: string,
  listed: readonly number[],
): Promise<number[]> {
  if (listed.length > 0) return [...new Set(listed)];
  return (await port.openPullRequestsWithHead(sha, [])).map((pull) => pull.number);
}
