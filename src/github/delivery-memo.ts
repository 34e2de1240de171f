/**
 * Remembers an async lookup by its arguments for the life of one port, i.e. one webhook
 * delivery or one Action run: what it reads (the default branch's config, a compare of two
 * fixed commits, a finished run's artifacts) does not change under it, and asking twice only
 * costs GitHub calls. Never shared between deliveries, so a later delivery sees a changed
 * config. A failed lookup is forgotten: the next ask tries again instead of repeating a
 * network error.
 */
export function memoise<A extends readonly (string | number | undefined)[], V>(
  lookup: (...args: A) => Promise<V>,
): (...args: A) => Promise<V> {
  const known = new Map<string, Promise<V>>();
  return (...args) => {
    const key = JSON.stringify(args);
    let pending = known.get(key);
    if (pending === undefined) {
      pending = lookup(...args);
      known.set(key, pending);
      pending.catch(() => known.delete(key));
    }
    return pending;
  };
}
