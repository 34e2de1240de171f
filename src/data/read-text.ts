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
  const subject = what.charAt(0).toUpperCase() + what.slice(1);
  // Else "The config file  does not exist": the path vanishes from the sentence.
  if (path === '') throw new InputError(`${subject} path is empty; expected ${expected}.`);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${subject} ${path} ${reason(error)}; expected ${expected}.`);
  }
}
