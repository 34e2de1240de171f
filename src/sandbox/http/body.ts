import type { z } from 'zod';
import { HttpError } from './errors.ts';

/**
 * Parses a request body with a zod schema; a mismatch is GitHub's 422 naming the field, so a
 * client bug shows up as the same error GitHub would give rather than as a sandbox crash.
 */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  resource: string,
): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  const missing = issue?.code === 'invalid_type' && issue.input === undefined;
  throw new HttpError(
    422,
    missing
      ? `Invalid request.\n\n"${field}" wasn't supplied.`
      : `Invalid request.\n\nInvalid value for "${field}": ${issue?.message ?? 'invalid'}.`,
    {
      errors: [{ resource, field, code: missing ? 'missing_field' : 'invalid' }],
    },
  );
}
