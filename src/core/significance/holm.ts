/**
 * Holm's (1979) step-down adjusted p-values: sort ascending, p̃_(i) = max_{j ≤ i} min(1,
 * (m − j + 1)·p_(j)). A hypothesis is rejected at level α when its adjusted p ≤ α, which
 * controls the family-wise error rate at α without assuming independence (statsmodels
 * `multipletests(method="holm")`). A null p (no test possible) stays null and does not count
 * towards m. Hand-written: five lines, and no maintained JS package ships it.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const tested = pValues
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== null)
    .sort((a, b) => a.p - b.p || a.index - b.index);
  const m = tested.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  tested.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
