/**
 * The figure every benchmark reports: the median of a few runs (the upper median for an even
 * count), which one slow run on a shared machine does not move.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
