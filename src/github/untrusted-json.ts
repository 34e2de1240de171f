import type { z } from 'zod';
import { formatIssue } from '../core/config/format-issue.ts';
import { InputError } from '../core/errors.ts';
import { jsonErrorReason } from '../core/json-text.ts';

/**
 * Untrusted JSON and text from artifacts and the history branch. The sentence for a schema
 * problem comes from the same formatter as the config file's and the CLI's metrics.json
 * reader, so one bad file reads the same wherever it is met.
 */

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
    throw new InputError(`${label} is not valid JSON (${jsonErrorReason(error)})`);
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const [first] = result.error.issues;
    throw new InputError(
      `${label}: ${first === undefined ? 'does not match the expected schema' : formatIssue(schema, first)}`,
    );
  }
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
