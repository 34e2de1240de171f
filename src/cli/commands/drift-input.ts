/**
 * Reading the inputs of `modelgate drift` and `modelgate profile`: data files or profiles,
 * comma lists and numbers from flags.
 */
import { extname } from 'node:path';
import type { DriftSide } from '../../core/drift/index.ts';
import { PROFILE_SCHEMA } from '../../core/constants.ts';
import { InputError } from '../../core/errors.ts';
import { parseJsonText } from '../../core/json-text.ts';
import { PROFILE_EXPECTED, looksLikeProfile, parseProfile } from '../../data/profile.ts';
import { readUserText } from '../../data/read-text.ts';
import { readTable } from '../../data/read-table.ts';

/**
 * "a,b, c" → ['a', 'b', 'c']; undefined stays undefined. A flag given with no names at all
 * ("" or ",") is refused: silently applying it to no column would hide the typo.
 */
export function commaList(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) {
    throw new InputError(
      `${flag} names no column, got ${JSON.stringify(value)}; expected comma-separated column names.`,
    );
  }
  return items;
}

/** Parses a number flag, naming the flag and the expected form when it is not one. */
export function numberFlag(
  value: string | undefined,
  flag: string,
  expected: string,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new InputError(`${flag} must be ${expected}, got ${JSON.stringify(value)}.`);
  }
  return number;
}

/**
 * A drift side from a path: a `.json` file must be a modelgate profile; anything else is read
 * as data (CSV, or JSONL by extension).
 */
export async function readDriftSide(
  path: string,
  categorical: readonly string[] | undefined,
): Promise<DriftSide> {
  if (extname(path).toLowerCase() === '.json') {
    const text = await readUserText(path, 'the profile', PROFILE_EXPECTED);
    const json = parseJsonText(text, path, PROFILE_EXPECTED);
    if (!looksLikeProfile(json)) {
      throw new InputError(
        `${path} is JSON but not a modelgate profile (no "schema": "${PROFILE_SCHEMA}"); pass a CSV/JSONL data file or a profile.json.`,
      );
    }
    return parseProfile(json, path);
  }
  return readTable(path, categorical === undefined ? {} : { categorical: [...categorical] });
}
