import { closestMatch } from './config/did-you-mean.ts';
import { groupDigits } from './group-digits.ts';

/**
 * Names in an error sentence. A list of choices the user picks from (columns of a file they
 * named wrongly) is given whole (`max: Infinity`): the one they meant may be the last. Lists
 * that only illustrate stop after `max` names with a count.
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
  return `${groupDigits(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * `' (did you mean "Target"?)'` when one of `known` is near `given` (a typo or another case),
 * else an empty string: the hint a wrong column name gets in front of the full list.
 */
export function nearName(given: string, known: readonly string[], quote = '"'): string {
  // One edit turns any one- or two-letter name into another: no hint there unless only the
  // case differs.
  const match =
    given.length < 3
      ? known.find((name) => name.toLowerCase() === given.toLowerCase())
      : closestMatch(given, known);
  return match === undefined ? '' : ` (did you mean ${quote}${match}${quote}?)`;
}
