/** Runs a job of `key` under a lock other replicas honour too (see `Coordinator.lock`). */
export type KeyGuard = <T>(key: string, job: () => Promise<T>) => Promise<T>;

/**
 * Runs async jobs one at a time per key and concurrently across keys.
 *
 * GitHub delivers webhooks concurrently and sometimes twice; two deliveries for the same pull
 * request racing through "find the sticky comment, else create it" would both create one.
 * Serialising the work per pull request head inside the process removes that race, and the
 * writes themselves are idempotent, so a delivery handled by another replica still converges.
 */
export class KeyedQueue {
  /** Wraps each job once its turn in this process has come (the cross-replica lock). */
  readonly #guard: KeyGuard;
  readonly #tails = new Map<string, Promise<void>>();
  /** `runOnce` jobs queued or running, by key and id. */
  readonly #inFlight = new Map<string, Map<string, Promise<void>>>();
  readonly #idleWaiters: Array<() => void> = [];
  #pending = 0;

  /** @param guard runs each job once its turn has come here: a lock shared with other replicas. */
  constructor(guard: KeyGuard = (_key, job) => job()) {
    this.#guard = guard;
  }

  /** Runs `job` after every job queued earlier under `key` has settled; resolves with its result. */
  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    this.#pending += 1;
    const result = previous.then(() => this.#guard(key, job));
    // The chain continues whether the job succeeded or not: one failed delivery must not
    // block every later delivery for the same key.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
      this.#pending -= 1;
      if (this.#pending === 0) this.#idleWaiters.splice(0).forEach((resolve) => resolve());
    });
    return result;
  }

  /**
   * Like `run`, but while a job with the same key and `id` is queued or running, another call
   * shares it instead of queueing a second run. For deliveries of one workflow run this is
   * safe: a duplicate carries nothing the first did not, and each caller still gets its answer
   * only when the work is done. A burst of duplicates then costs one run of the job.
   */
  runOnce(key: string, id: string, job: () => Promise<void>): Promise<void> {
    const twin = this.#inFlight.get(key)?.get(id);
    if (twin !== undefined) return twin;
    const result = this.run(key, job).finally(() => this.#forget(key, id));
    const inFlight = this.#inFlight.get(key) ?? new Map<string, Promise<void>>();
    inFlight.set(id, result);
    this.#inFlight.set(key, inFlight);
    return result;
  }

  #forget(key: string, id: string): void {
    const inFlight = this.#inFlight.get(key);
    inFlight?.delete(id);
    if (inFlight?.size === 0) this.#inFlight.delete(key);
  }

  /** Number of jobs queued or running. */
  get size(): number {
    return this.#pending;
  }

  /** Resolves once no job is queued or running (at once when the queue is already empty). */
  onIdle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
