import * as core from '@actions/core';
import { ARTIFACT_NAME } from '../core/constants.ts';
import { errorMessage } from '../core/errors.ts';

/** HTTP statuses GitHub answers a write with when the token may not make it. */
const FORBIDDEN_STATUSES = new Set([401, 403]);

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

/**
 * git's wording when a push is refused for lack of rights: over HTTP ("The requested URL
 * returned error: 403") and from GitHub's receive-pack ("Permission to o/r.git denied").
 */
const GIT_FORBIDDEN =
  /returned error: 40[13]|Permission to \S+ denied|Authentication failed|could not read Username/;

/** True when `error` says the token may not write, as opposed to a bug or an outage. */
export function isPermissionError(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== undefined) return FORBIDDEN_STATUSES.has(status);
  return GIT_FORBIDDEN.test(errorMessage(error));
}

/** Result of a guarded write: what happened, so the summary can say it. */
export type WriteOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Runs one write to GitHub (a comment, a check run, a push). When the token may not make it
 * (a pull request from a fork gets a read-only `GITHUB_TOKEN`; a workflow may lack a
 * permission) the step must not fail: the report is still in the job summary and the
 * artifact. So a 401/403 becomes a warning that says what was not posted, GitHub's reason and
 * the permission the workflow would need; any other error is a real failure and propagates.
 *
 * @param what what the write does, as a verb phrase ("post the sticky comment on #12").
 * @param permission the `permissions:` entry the write needs ("pull-requests: write").
 */
export async function guardWrite<T>(
  what: string,
  permission: string,
  write: () => Promise<T>,
): Promise<WriteOutcome<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    const status = httpStatus(error);
    // The first line is GitHub's (or git's) reason; the sentence gets its own full stop.
    const firstLine = (errorMessage(error).split('\n')[0] ?? '').trim().replace(/\.+$/, '');
    const reason = `${firstLine}${status === undefined ? '' : ` (HTTP ${status})`}`;
    core.warning(
      `Could not ${what}: ${reason}. The token is read-only here (a pull request from a fork, or a workflow without \`${permission}\`); the report is still in the job summary and the \`${ARTIFACT_NAME}\` artifact.`,
      { title: 'modelgate: nothing was written' },
    );
    return { ok: false, reason };
  }
}
