import { memoryRerunLimiter, type RerunLimiter } from '../../flows/apply-command.ts';

/**
 * What replicas of the App share, or what one process keeps to itself. GitHub stays the store
 * of record either way (append-only records, atomic ref claims, convergence after create), so
 * the App is correct without any of this; a shared coordinator only saves work and calls.
 */
export interface Coordinator {
  /** Said at start: which mode the App runs in. */
  readonly mode: string;
  /**
   * Runs `handle` for delivery `id` unless it ran already (or runs now elsewhere: then waits
   * for it, and runs it after all if its runner died). A delivery that fails is forgotten, so
   * GitHub's redelivery runs again.
   */
  once(id: string, handle: () => Promise<void>): Promise<void>;
  /** Runs `job` holding the lock of `key` across replicas (in-process serialisation is the queue's). */
  lock<T>(key: string, job: () => Promise<T>): Promise<T>;
  /** The rerun allowance, per process or shared. */
  readonly rerunLimiter: RerunLimiter;
  /** Octokit throttling shared through this Redis (Probot's `redisConfig`), if any. */
  readonly redisUrl: string | undefined;
  close(): Promise<void>;
}

/** Deliveries remembered for deduplication; GitHub redelivers within hours, not millions later. */
const SEEN_DELIVERIES = 10_000;

/**
 * The coordinator of a process on its own: deliveries are deduplicated in memory, locks are
 * the in-process queue's alone. Several such replicas are still correct, because every write
 * looks before it writes and converges after it creates; they only repeat work.
 */
export function localCoordinator(rerunLimiter: RerunLimiter = memoryRerunLimiter()): Coordinator {
  const seen = new Set<string>();
  return {
    mode: 'without Redis: one process or several replicas, kept consistent through GitHub alone (set REDIS_URL to share deduplication, locks, the rerun limit and throttling)',
    async once(id, handle) {
      if (seen.has(id)) return;
      seen.add(id);
      if (seen.size > SEEN_DELIVERIES) seen.delete(seen.values().next().value ?? id);
      try {
        await handle();
      } catch (error) {
        // A delivery that failed is GitHub's to redeliver, and that redelivery must run.
        seen.delete(id);
        throw error;
      }
    },
    lock: (_key, job) => job(),
    rerunLimiter,
    redisUrl: undefined,
    close: () => Promise.resolve(),
  };
}
