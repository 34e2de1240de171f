import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.ts';

/**
 * Every file modelgate writes goes through this module, so a crash, a full disk or a
 * concurrent reader never sees half a file (CONTRACTS rule 7). The technique is the usual
 * one (write-file-atomic, git's lock files): write a temporary sibling, flush it, then
 * `rename(2)` it over the target, which POSIX guarantees is atomic within one filesystem.
 */

function tempSibling(path: string, tag: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/**
 * The paths written here are the user's (`--out`, `run-dir`), so the usual ways a write
 * fails are bad input, said in one sentence with exit 2 rather than Node's
 * "EISDIR: illegal operation on a directory, rename '/tmp/.x.tmp-…'" and exit 1 (which
 * `drift` uses for "drift found").
 */
function asInputError(path: string, error: unknown): unknown {
  const code = errorCode(error);
  const why: Record<string, string> = {
    EISDIR: 'is a directory; expected a file path',
    ENOTDIR: 'has a file where a directory is expected in its path',
    // mkdir -p reports a file in the way as EEXIST.
    EEXIST: 'has a file where a directory is expected in its path',
    EACCES: 'is not writable (permission denied)',
    EPERM: 'is not writable (operation not permitted)',
    EROFS: 'is on a read-only file system',
    ENOSPC: 'does not fit: no space is left on the device',
  };
  const reason = why[code];
  return reason === undefined ? error : new InputError(`Cannot write ${path}: it ${reason}.`);
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : '';
}

/**
 * Checks, before a command spends minutes on work, that `path` can be written later: its
 * nearest existing ancestor (the directory that will hold it, or the one its missing parents
 * will be created in) must be a directory this process may write. Nothing is created, so a
 * command that fails afterwards leaves no trace. `flag` names the path in the message
 * ("--out"). A check, not a guarantee (the disk can still fill up); the writes themselves
 * report failures the same way.
 */
export async function assertWritablePath(
  path: string,
  flag: string,
  expected: string,
): Promise<void> {
  if (path === '') throw new InputError(`${flag} is empty; expected ${expected}.`);
  const fail = (reason: string) =>
    new InputError(`Cannot write ${flag} ${path}: ${reason}; expected ${expected}.`);
  let directory = dirname(path);
  for (;;) {
    const shown = directory === '.' ? 'the current directory' : directory;
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(directory)).isDirectory();
    } catch (error) {
      const code = errorCode(error);
      // Missing, or under a file: the answer is further up.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(directory) !== directory) {
        directory = dirname(directory);
        continue;
      }
      if (code === 'EACCES') throw fail(`${shown} cannot be searched (permission denied)`);
      throw error;
    }
    if (!isDirectory) throw fail(`${shown} is a file, not a directory`);
    try {
      // W_OK honours read-only mounts (EROFS) and root's exemption like the write would.
      await access(directory, constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EROFS') throw fail(`${shown} is on a read-only file system`);
      if (code === 'EACCES' || code === 'EPERM')
        throw fail(`${shown} is not writable (permission denied)`);
      throw error;
    }
    return;
  }
}

/** Writes `data` to `path` atomically, creating the parent directory when needed. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomicRaw(path, data);
  } catch (error) {
    throw asInputError(path, error);
  }
}

async function writeFileAtomicRaw(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempSibling(path, 'tmp');
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(data);
    // Without the flush a power loss after the rename can leave an empty file under the
    // final name on ext4/xfs (the rename is journalled before the data blocks are).
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes `value` as pretty-printed JSON with a trailing newline, atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Creates an empty staging directory next to `finalDir` (same filesystem, so the later
 * rename is atomic). Write a whole run into it, then hand it to `publishDirectory`.
 * Not `mkdtemp`: its 0700 mode would travel with the rename and leave the published run
 * unreadable to anyone else (a CI cache, a container user); a plain `mkdir` of a random
 * name gets the usual umask-derived mode and still fails rather than reuse an existing one.
 */
export async function createStagingDirectory(finalDir: string): Promise<string> {
  try {
    await mkdir(dirname(finalDir), { recursive: true });
    const staging = tempSibling(finalDir, 'staging');
    await mkdir(staging);
    return staging;
  } catch (error) {
    throw asInputError(finalDir, error);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Swaps the fully written directory `tmpDir` in as `finalDir`, so `--out` holds either the
 * previous run or the new one, never a mix. `tmpDir` must be on the same filesystem as
 * `finalDir` (use `createStagingDirectory`). Linux has no atomic exchange of two non-empty
 * directories without `renameat2(RENAME_EXCHANGE)`, which Node does not expose, so the old
 * directory is first renamed aside and restored if the second rename fails; the window in
 * which `finalDir` is absent is two syscalls long and never shows partial content.
 */
export async function publishDirectory(tmpDir: string, finalDir: string): Promise<void> {
  try {
    await swapDirectory(tmpDir, finalDir);
  } catch (error) {
    throw asInputError(finalDir, error);
  }
}

async function swapDirectory(tmpDir: string, finalDir: string): Promise<void> {
  await mkdir(dirname(finalDir), { recursive: true });
  if (!(await exists(finalDir))) {
    await rename(tmpDir, finalDir);
    return;
  }
  const aside = tempSibling(finalDir, 'old');
  await rename(finalDir, aside);
  try {
    await rename(tmpDir, finalDir);
  } catch (error) {
    await rename(aside, finalDir);
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}
