/**
 * "Did you mean …?" for a mistyped key or metric name. Edit distance is written here rather
 * than taken from a package because it is twelve lines and runs on a handful of short names.
 */

/**
 * Optimal string alignment distance: Levenshtein plus the swap of two neighbours as one edit,
 * the commonest typo (`trian` for `train` is one slip, not two substitutions).
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The closest candidate to `given`, when it is close enough to be a typo: at most a third of
 * the name's length in edits (at least one), compared case-insensitively.
 */
export function closestMatch(given: string, candidates: readonly string[]): string | undefined {
  const needle = given.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(needle, name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(given.length, best.name.length) / 3));
  return best.distance <= allowed ? best.name : undefined;
}

/** `" (did you mean 'epochs'?)"`, or an empty string when nothing is close. */
export function didYouMean(given: string, candidates: readonly string[]): string {
  const match = closestMatch(given, candidates);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
