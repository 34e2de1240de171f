import { AsyncLocalStorage } from 'node:async_hooks';

/** A lock held with a fencing token: `assertCurrent` throws once a newer holder exists. */
export interface Fence {
  readonly key: string;
  readonly token: number;
  /** Throws `StaleFenceError` when another replica took the lock with a newer token. */
  assertCurrent(): Promise<void>;
}

/** A write refused because the lock it was made under has passed to a newer holder. */
export class StaleFenceError extends Error {
  constructor(key: string, token: number, current: string) {
    super(
      `The lock of ${key} passed from token ${token} to ${current}; this replica's write is refused, the newer holder judges again.`,
    );
    this.name = 'StaleFenceError';
  }
}

const current = new AsyncLocalStorage<Fence>();

/** Runs `job` with `fence` as the one every GitHub write inside it is checked against. */
export function withFence<T>(fence: Fence, job: () => Promise<T>): Promise<T> {
  return current.run(fence, job);
}

/** The fence of the innermost lock this code runs under, if any. */
export function currentFence(): Fence | undefined {
  return current.getStore();
}

/** The part of an Octokit whose requests can be hooked (`@octokit/core`'s `hook`). */
export interface HookableOctokit {
  hook: {
    before(name: 'request', hook: (options: { method?: string }) => Promise<void> | void): void;
  };
}

/**
 * Checks the fence before every write the Octokit sends: GitHub cannot compare a token with
 * what it stores, so the check is made just before the request, which leaves a stale writer
 * at most one request in flight (the newer holder's later write overwrites it).
 */
export function fenceWrites(octokit: HookableOctokit): void {
  octokit.hook.before('request', async (options) => {
    const method = (options.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD') return;
    await currentFence()?.assertCurrent();
  });
}
