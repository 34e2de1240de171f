import { backoff, httpStatus } from './octokit.ts';

/**
 * Writes whose answer may be lost. GitHub can apply a write and still answer 502 or 504 (its
 * edge timed out waiting): sending the write again then makes a second release, deployment,
 * check run or comment, or finds "its own" tag and takes it for a concurrent winner's. So a
 * write is sent once, without Octokit's retry plugin, and when the answer is lost the caller
 * looks for what the write would have made before sending it again.
 */

/**
 * Request options for one write that Octokit's retry plugin must not repeat on a 5xx (the
 * plugin reads `request.retries` per call). Rate-limit waits (the throttling plugin) still
 * apply: a limited request was refused, never applied.
 */
export const SEND_ONCE = { request: { retries: 0 } };

/**
 * Whether a failed write may have been applied: a 5xx from GitHub, or no answer at all
 * (Octokit reports a network failure or an aborted request as status 500).
 */
export function answerMayBeLost(error: unknown): boolean {
  const status = httpStatus(error);
  return status !== undefined && status >= 500;
}

/** How often a write whose answer was lost is looked for and sent again before giving up. */
export const LOST_ANSWER_ATTEMPTS = 3;

/**
 * Sends `write` (which must pass `SEND_ONCE`); when its answer is lost, `look` for its effect
 * and return that, else send it again, up to `LOST_ANSWER_ATTEMPTS` times. Any other error is
 * the caller's. `look` returns null when the write did not happen.
 */
export async function writeLookingFirst<T>(
  write: () => Promise<T>,
  look: () => Promise<T | null>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!answerMayBeLost(error)) throw error;
      const found = await look();
      if (found !== null) return found;
      if (attempt >= LOST_ANSWER_ATTEMPTS) throw error;
    }
    await backoff(attempt);
  }
}
