import { InputError } from '../core/errors.ts';

/**
 * Runs `start` (a server starting to listen) and turns a port that is taken (EADDRINUSE) or
 * not allowed (EACCES, a privileged port) into bad input naming the setting to change: the
 * port is the user's choice, so it is not a crash of modelgate.
 */
export async function listeningOn<T>(setting: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EADDRINUSE') {
      throw new InputError(
        `${setting} is already in use by another process; expected a free port (0 picks one).`,
      );
    }
    if (code === 'EACCES') {
      throw new InputError(
        `${setting} may not be opened by this user; expected a port above 1023 (0 picks one).`,
      );
    }
    throw error;
  }
}
