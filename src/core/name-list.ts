/**
 * Column names in an error sentence. Data can have hundreds of columns; a sentence that lists
 * them all is no longer one a user reads, so the list stops after `max` names with a count.
 */
export function listNames(
  names: readonly string[],
  options: { quote?: string; max?: number } = {},
): string {
  const quote = options.quote ?? '';
  const max = options.max ?? 10;
  const shown = names.slice(0, max).map((name) => `${quote}${name}${quote}`);
  const rest = names.length - shown.length;
  return shown.join(', ') + (rest > 0 ? ` and ${rest} more` : '');
}

/** "1 row", "1,200 rows": a count with its noun, singular for one ("1 rows" reads as a bug). */
export function countOf(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
