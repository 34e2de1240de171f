/**
 * Number formatting shared by gate reasons and every rendered table, so a value reads the same
 * in the headline, the table, the check run and the release notes.
 */

/** Typographic minus: lines up with "+" in proportional fonts and reads as a sign, not a dash. */
const MINUS = '\u2212';

function decimalsFor(value: number): number {
  const size = Math.abs(value);
  if (size >= 1000) return 1;
  if (size >= 100) return 2;
  return 4;
}

function withSign(text: string, negative: boolean): string {
  return negative ? `${MINUS}${text}` : text;
}

/** `value` with `decimals` decimals, signed only when it does not round to zero. */
function fixed(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  return withSign(text, value < 0 && Number(text) !== 0);
}

/**
 * A metric value: 4 decimals for the usual 0–1 metrics (and errors below 100), fewer for
 * large errors such as an MSE in the thousands; `—` for a missing or undefined value.
 */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return fixed(value, decimalsFor(value));
}

/**
 * Most decimals `formatValueAgainst` adds: 0.5e-10 of rounding cannot flip a comparison that
 * differs by more than a gate's 1e-9 slack, so ten always suffice.
 */
const MAX_DECIMALS = 10;

/**
 * A value printed next to the threshold it was compared with: as `formatValue`, with more
 * decimals where rounding would hide on which side of the threshold it lies (0.89996 against a
 * minimum of 0.9 reads `0.89996`, not `0.9000`). Within `tolerance` the two count as equal and
 * the short form stays.
 */
export function formatValueAgainst(value: number, threshold: number, tolerance: number): string {
  const difference = value - threshold;
  let decimals = decimalsFor(value);
  if (Math.abs(difference) > tolerance) {
    const side = Math.sign(difference);
    while (
      decimals < MAX_DECIMALS &&
      Math.sign(Number(value.toFixed(decimals)) - threshold) !== side
    ) {
      decimals++;
    }
  }
  return fixed(value, decimals);
}

/** A signed change, `+0.0123` / `−0.0045` / `±0.0000`, with the decimals of the larger value. */
export function formatDelta(delta: number | null | undefined, reference?: number | null): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '—';
  const scale = Math.max(Math.abs(delta), Math.abs(reference ?? 0));
  const text = Math.abs(delta).toFixed(decimalsFor(scale));
  if (Number(text) === 0) return `±${text}`;
  return delta < 0 ? `${MINUS}${text}` : `+${text}`;
}

/** A threshold as the user wrote it in the config (`0.9`, `0.01`), not padded to 4 decimals. */
export function formatThreshold(value: number): string {
  return withSign(String(Math.abs(value)), value < 0);
}
