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

/**
 * A metric value: 4 decimals for the usual 0–1 metrics (and errors below 100), fewer for
 * large errors such as an MSE in the thousands; `—` for a missing or undefined value.
 */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(decimalsFor(value));
  return withSign(text, value < 0 && Number(text) !== 0);
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
