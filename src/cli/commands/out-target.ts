import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { assertWritablePath } from '../../data/atomic-write.ts';

/**
 * `--out` next to input flags invites a slip such as `profile --data bc.csv --out bc.csv`,
 * which would replace the data with its own profile. These checks run before any work and
 * refuse an `--out` that would overwrite or delete something the command reads.
 */

/** A path the command reads, and what it is in a sentence ("the --data file"). */
export interface ReadPath {
  what: string;
  path: string;
}

/** What `assertOutFile` checks a file `--out` against. */
export interface OutFileTarget {
  /** Paths the command reads, which the write must not replace. */
  inputs: readonly ReadPath[];
  /** What to write to instead of an input ("another path for the profile"). */
  expected: string;
  /** File name suggested inside a directory given as `--out` ("profile.json"). */
  fileName: string;
}

/**
 * Checks a file `--out` (a profile, a report) before any work, so a slip costs a sentence and
 * not the minutes of profiling it took to reach the write: its directory must be writable
 * (`assertWritablePath`), the path must not be a directory, and it must not be an input.
 */
export async function assertOutFile(out: string, target: OutFileTarget): Promise<void> {
  await assertWritablePath(out, '--out', 'a path in a writable directory');
  // lstat: the write renames a file over the path, which replaces a symbolic link to a
  // directory but fails on a directory itself (EISDIR).
  const existing = await lstat(out).catch(() => undefined);
  if (existing?.isDirectory() === true) {
    throw new InputError(
      `Cannot write --out ${out}: it is a directory; expected a file path such as ${join(out, target.fileName)}.`,
    );
  }
  await assertOutIsNotInput(out, target.inputs, target.expected);
}

/**
 * Refuses a file `--out` that is one of `inputs`: the same path, or another name for the same
 * file (a symbolic or hard link), told apart by device and inode as the kernel does.
 */
async function assertOutIsNotInput(
  out: string,
  inputs: readonly ReadPath[],
  expected: string,
): Promise<void> {
  const target = await stat(out).catch(() => undefined);
  if (target === undefined) return;
  for (const input of inputs) {
    const info = await stat(input.path).catch(() => undefined);
    if (info !== undefined && info.dev === target.dev && info.ino === target.ino) {
      throw new InputError(
        `--out ${out} is ${input.what} (${input.path}) and writing would overwrite it; expected ${expected}.`,
      );
    }
  }
}

/** The path with symbolic links resolved where it exists, else made absolute. */
async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/**
 * Refuses a run directory `--out` that holds one of `inputs`: the run directory is replaced
 * as a whole, so whatever is inside it (the model being evaluated, the training data) would
 * be deleted.
 */
export async function assertOutHoldsNoInput(
  out: string,
  inputs: readonly ReadPath[],
): Promise<void> {
  const directory = await canonical(out);
  for (const input of inputs) {
    const inside = relative(directory, await canonical(input.path));
    const outside = inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
    if (!outside) {
      throw new InputError(
        `--out ${out} holds ${input.what} (${input.path}) and would replace it; expected another directory.`,
      );
    }
  }
}
