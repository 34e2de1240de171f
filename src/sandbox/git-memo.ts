/** A full object id: what names one object forever (the sandbox never prunes objects). */
const FULL_SHA = /^[0-9a-f]{40}$/;
/** Bytes of answers kept per repository; the least recently asked go first. */
const BUDGET_BYTES = 32 * 2 ** 20;

/** Rough bytes of an answer: a Buffer's length, else its JSON text's. */
function sizeOf(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  return JSON.stringify(value ?? null).length;
}

/**
 * Answers of git that can never change, by question: reads keyed by full object ids only (a
 * commit, tree or blob, a path in a commit, merge bases, diffs and logs between commits),
 * never by ref. Every git call spawns a process (about 10 ms here), and a pull request
 * delivery reads the same config and baseline files at the same commits again and again.
 * Each caller gets its own copy; a failed or unwanted answer is not kept; at most
 * BUDGET_BYTES are kept, the least recently asked dropped first.
 */
export class GitMemo {
  private readonly answers = new Map<string, { value: Promise<unknown>; bytes: number }>();
  private bytes = 0;

  /**
   * `compute()` once per `key` when every id in `ids` is a full object id, else every time.
   * `keep` says whether an answer may be kept (a missing object may be written later).
   */
  async ask<T>(
    key: string,
    ids: readonly string[],
    compute: () => Promise<T>,
    keep: (value: T) => boolean = () => true,
  ): Promise<T> {
    if (!ids.every((id) => FULL_SHA.test(id))) return compute();
    const known = this.answers.get(key);
    if (known) {
      // Most recently asked last: Map keeps insertion order.
      this.answers.delete(key);
      this.answers.set(key, known);
      return structuredClone((await known.value) as T);
    }
    const pending = compute();
    const entry = { value: pending as Promise<unknown>, bytes: 0 };
    this.answers.set(key, entry);
    let value: T;
    try {
      value = await pending;
    } catch (error) {
      this.forget(key, entry);
      throw error;
    }
    if (!keep(value)) this.forget(key, entry);
    else if (this.answers.get(key) === entry) {
      entry.bytes = sizeOf(value);
      this.bytes += entry.bytes;
      this.evict();
    }
    return structuredClone(value);
  }

  private forget(key: string, entry: { bytes: number }): void {
    if (this.answers.get(key) !== entry) return;
    this.answers.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Drops the least recently asked answers until the kept ones fit the budget. */
  private evict(): void {
    for (const [key, entry] of this.answers) {
      if (this.bytes <= BUDGET_BYTES) return;
      this.answers.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  /** Bytes of the answers kept now. */
  get keptBytes(): number {
    return this.bytes;
  }
}
