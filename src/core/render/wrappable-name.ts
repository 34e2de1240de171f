import { escapeMarkdown } from './escape.ts';

/** Longest column name shown; drift.json keeps the whole name. */
const MAX_NAME = 60;
/** Longest run of a name without a place to wrap, so one name cannot widen the table. */
const MAX_UNBROKEN = 20;

/**
 * A column name for a table cell: escaped, at most MAX_NAME characters, and, when longer than
 * MAX_UNBROKEN, wrappable after `_ . - /` and every MAX_UNBROKEN characters (`<wbr>`, which
 * GitHub keeps and copying leaves out), so `mean_fractal_dimension_of_the_worst_cell` does
 * not stretch the table.
 */
export function wrappableName(name: string): string {
  const chars = [...name];
  // A short name fits any cell; its markdown stays as plain as the name.
  if (chars.length <= MAX_UNBROKEN) return escapeMarkdown(name);
  const short = chars.length > MAX_NAME ? [...chars.slice(0, MAX_NAME - 1), '…'] : chars;
  const pieces: string[] = [];
  let piece = '';
  for (const char of short) {
    piece += char;
    if (/[_.\-/]/.test(char) || [...piece].length >= MAX_UNBROKEN) {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces.map((part) => escapeMarkdown(part)).join('<wbr>');
}
