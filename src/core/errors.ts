/**
 * An error caused by what the user gave us (a file, a flag, a config value), as opposed to a
 * bug. Faces print only its message (one sentence naming what was wrong and what was
 * expected) and exit with code 2; anything else is a bug and keeps its stack trace.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** Narrow an unknown thrown value to a message. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
