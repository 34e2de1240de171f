import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.ts';

/** Why a file could not be read, in words a user acts on (Node's codes are for programs). */
function reason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'is not readable (permission denied)';
    default:
      return `cannot be read (${code || String(error)})`;
  }
}

/**
 * Reads a UTF-8 file the user named. A missing, unreadable or directory path is an InputError
 * in one sentence: `<what> <path> does not exist; expected <expected>.` — `what` names its
 * role ("the baseline", "the config file"), `expected` what belongs there.
 */
export async function readUserText(path: string, what: string, expected: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const sentence = `${what} ${path} ${reason(error)}; expected ${expected}.`;
    throw new InputError(sentence.charAt(0).toUpperCase() + sentence.slice(1));
  }
}
