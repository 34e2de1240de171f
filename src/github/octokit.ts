import type { Octokit } from '@octokit/rest';

/**
 * The part of an Octokit that the GitHub operations use. Both faces hand one over:
 * `@actions/github`'s `getOctokit(token)` and Probot's `context.octokit` are `@octokit/core`
 * with the REST endpoint methods and pagination plugins, and both fit this type structurally,
 * so the operations never depend on which face called them.
 */
export type OctokitLike = Pick<Octokit, 'rest' | 'paginate' | 'request'>;

/** Where an operation acts: the Octokit and the repository. */
export interface RepoContext {
  octokit: OctokitLike;
  owner: string;
  repo: string;
}

/** HTTP status of an Octokit `RequestError`, or undefined for any other error. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  return typeof status === 'number' ? status : undefined;
}

/** True when `error` is an Octokit request error with one of the given HTTP statuses. */
export function isHttpStatus(error: unknown, ...statuses: number[]): boolean {
  const status = httpStatus(error);
  return status !== undefined && statuses.includes(status);
}

/**
 * Sleeps before retrying a write that lost a race (409 on a branch that moved). Jitter keeps
 * two racing writers from retrying in lockstep.
 */
export function backoff(attempt: number, baseMs = 50): Promise<void> {
  const ms = baseMs * 2 ** attempt * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Octokit returns binary bodies as an ArrayBuffer; the type says JSON, so narrow it. */
export function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return new TextEncoder().encode(data);
  throw new Error(`Expected a binary response body, got ${typeof data}.`);
}
