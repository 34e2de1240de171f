/**
 * `1,234,567`: what `n.toLocaleString('en-US')` writes, without its cost. The first
 * `toLocaleString` of a process builds an ICU number formatter, 35 ms on this machine, which
 * was a tenth of the Action's whole cold start (issue 20) for a comma in "1,200 rows".
 * Integers (counts, bytes, rounded rates: every caller) are grouped here; anything else
 * (fractions, -0, infinities) still goes through `toLocaleString`, so the text never changes.
 */
export function groupDigits(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${digits}` : digits;
}
