import type { z } from 'zod';
import { didYouMean } from './did-you-mean.ts';
import {
  type Schema,
  describeExpected,
  formatPath,
  objectKeys,
  schemaAtPath,
} from './schema-walk.ts';

/**
 * Turns a zod issue into the sentence a user needs: which key, what they wrote, and what the
 * schema expected — `gate[2].max_drop must be a number ≥ 0, got "5%"` — instead of zod's
 * generic "Invalid input: expected number, received string".
 */

/** Shows a value the way the user typed it in YAML, shortened when long. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function where(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'at the top level' : `in ${formatPath(path)}`;
}

/** One sentence (without the file name) for one issue found validating against `root`. */
export function formatIssue(root: Schema, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  const name = formatPath(path);
  const schema = schemaAtPath(root, path);

  if (issue.code === 'unrecognized_keys') {
    const parent = schemaAtPath(root, path);
    const valid = parent === undefined ? [] : (objectKeys(parent) ?? []);
    return issue.keys
      .map((key) => {
        const hint = didYouMean(key, valid);
        const listed = hint === '' && valid.length > 0 ? ` (valid keys: ${valid.join(', ')})` : '';
        return `unknown key '${key}' ${where(path)}${hint}${listed}`;
      })
      .join('; ');
  }
  if (issue.code === 'custom') {
    // A refinement of a scalar shows what was given; one of a whole mapping (a gate rule
    // with two bounds) says what is wrong with it instead.
    const given =
      issue.input !== null && typeof issue.input !== 'object' && issue.input !== undefined
        ? `, got ${describeValue(issue.input)}`
        : '';
    return `${name === '' ? 'the file' : name} ${issue.message}${given}`;
  }
  // Our schemas phrase custom messages as "must be a hex sha256"; those say it best.
  if (issue.message.startsWith('must ') && issue.input !== undefined) {
    return `${name === '' ? 'the file' : name} ${issue.message}, got ${describeValue(issue.input)}`;
  }
  // zod's number type itself refuses ±Infinity and NaN (JSON's 1e999 parses as Infinity);
  // "must be a number, got Infinity" would read as a contradiction.
  if (
    issue.code === 'invalid_type' &&
    typeof issue.input === 'number' &&
    !Number.isFinite(issue.input)
  ) {
    return `${name === '' ? 'the file' : name} must be a finite number, got ${describeValue(issue.input)}`;
  }
  const expected = schema === undefined ? undefined : describeExpected(schema);
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${name} is required${expected === undefined ? '' : `: expected ${expected}`}`;
  }
  if (expected === undefined) return `${name}: ${issue.message}`;
  const subject = name === '' ? 'the file' : name;
  return `${subject} must be ${expected}, got ${describeValue(issue.input)}`;
}
