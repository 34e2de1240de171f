import type { z } from 'zod';
import { InputError } from '../core/errors.ts';

/** `metrics.accuracy`, `per_class.f1[2]`: the path a user finds in the file. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = new Map<string, unknown>(Object.entries(value)).get(String(key));
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** ", got X" for a plain value; nothing for an object, whose problem the message names. */
function gotSuffix(value: unknown): string {
  return typeof value === 'object' && value !== null ? '' : `, got ${show(value)}`;
}

const ARTICLE: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  integer: 'an integer',
};

/** One sentence for the first problem zod found: where, what was expected, what it got. */
export function describeFirstIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'does not match the expected schema';
  const where = formatIssuePath(issue.path);
  const got = valueAt(input, issue.path);
  const subject = where === '' ? 'the document' : where;
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return `${subject} is missing`;
      // zod's number type itself refuses ±Infinity; say what the gate needs.
      if (issue.expected === 'number' && typeof got === 'number')
        return `${subject} must be a finite number, got ${show(got)}`;
      return `${subject} must be ${ARTICLE[issue.expected] ?? `a ${issue.expected}`}, got ${show(got)}`;
    case 'invalid_value':
      return `${subject} must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, got ${show(got)}`;
    case 'custom':
      return `${subject} ${issue.message}${gotSuffix(got)}`;
    default:
      return `${subject} is invalid (${issue.message})${gotSuffix(got)}`;
  }
}

/**
 * Decodes and validates a JSON file from an untrusted source. Throws an InputError whose
 * message starts with `label` and names the first problem: bad UTF-8, bad JSON, or the first
 * schema issue with its path and the offending value.
 */
export function parseUntrustedJson<T extends z.ZodType>(
  bytes: Uint8Array,
  schema: T,
  label: string,
): z.infer<T> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${label} is not UTF-8 text`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${label} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(`${label}: ${describeFirstIssue(result.error, value)}`);
  return result.data;
}

/** Decodes an untrusted text file (strict UTF-8). */
export function decodeUntrustedText(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${label} is not UTF-8 text`);
  }
}
