import { MAX_ROW_HASHES } from './data-summary-schema.ts';

/** The row hashes a summary keeps: every row's, or the smallest `MAX_ROW_HASHES`. */
export interface RowHashes {
  readonly total: number;
  readonly exact: boolean;
  /** Ascending by code point, no duplicates. */
  readonly hashes: string[];
}

/** Rows of the pull request's data the base did not have, and the other way round. */
export interface RowChange {
  readonly added: number;
  readonly removed: number;
  readonly shared: number;
  /** False when either side kept only its smallest hashes: the counts are estimates. */
  readonly exact: boolean;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Keeps the smallest `limit` of a table's row hashes (a bottom-k sketch): the hashes are
 * uniform, so the kept ones are a random sample of the rows that is the same in every run,
 * and two sketches estimate how many rows two tables share. Selection keeps a bounded sorted
 * buffer, so a million rows never sort as a whole.
 */
export function keepSmallestHashes(ids: readonly string[], limit = MAX_ROW_HASHES): RowHashes {
  if (ids.length <= limit) {
    const hashes = [...new Set(ids)].sort(byCodePoint);
    return { total: ids.length, exact: hashes.length === ids.length, hashes };
  }
  // Collect in chunks of `limit`, then sort and cut back to the `limit` smallest each time.
  let kept: string[] = [];
  let pending: string[] = [];
  const flush = (): string | null => {
    // The default sort compares UTF-16 units, which is code-point order for these hex ids.
    kept = [...new Set([...kept, ...pending])].sort().slice(0, limit);
    pending = [];
    return kept.length === limit ? (kept[limit - 1] ?? null) : null;
  };
  let cutoff: string | null = null;
  for (const id of ids) {
    if (cutoff !== null && id >= cutoff) continue;
    pending.push(id);
    if (pending.length >= limit) cutoff = flush();
  }
  flush();
  return { total: ids.length, exact: false, hashes: kept };
}

/** How many of two sorted lists' entries both hold. */
function sharedCount(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? '';
    const y = b[j] ?? '';
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return shared;
}

/**
 * Rows added and removed, from the two sides' hashes. Exact when both kept every hash. Else
 * both are cut at the smaller of their largest kept hashes — below it each side holds every
 * row it has — and the Jaccard index J of the cut sets estimates the shared rows:
 * shared ≈ J (n_base + n_pr) / (1 + J) (the bottom-k estimate).
 */
export function diffRowHashes(base: RowHashes, pr: RowHashes): RowChange {
  if (base.exact && pr.exact) {
    const shared = sharedCount(base.hashes, pr.hashes);
    return { added: pr.total - shared, removed: base.total - shared, shared, exact: true };
  }
  const last = (side: RowHashes) => (side.exact ? null : (side.hashes.at(-1) ?? ''));
  const cuts = [last(base), last(pr)].filter((cut): cut is string => cut !== null);
  const cut = cuts.sort(byCodePoint)[0] ?? '';
  const a = base.hashes.filter((h) => h <= cut);
  const b = pr.hashes.filter((h) => h <= cut);
  const both = sharedCount(a, b);
  const union = a.length + b.length - both;
  const jaccard = union === 0 ? 0 : both / union;
  const estimate = Math.round((jaccard * (base.total + pr.total)) / (1 + jaccard));
  const shared = Math.min(estimate, base.total, pr.total);
  return { added: pr.total - shared, removed: base.total - shared, shared, exact: false };
}
