/**
 * Thrown by a command whose work succeeded but whose verdict is negative (gate failed, drift
 * found); `main` turns it into exit code 1. Its own module so that the commands and `main`,
 * which loads them, do not import each other.
 */
export class VerdictFailure extends Error {
  override name = 'VerdictFailure';
}
