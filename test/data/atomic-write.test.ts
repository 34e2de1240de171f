import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  assertWritablePath,
  createStagingDirectory,
  publishDirectory,
  writeFileAtomic,
  writeJsonAtomic,
} from '../../src/data/atomic-write.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'modelgate-atomic-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates parent directories and leaves no temporary file behind', async () => {
    const path = join(root, 'a', 'b', 'file.txt');
    await writeFileAtomic(path, 'hello');
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    expect(await readFile(path, 'utf8')).toBe('hi');
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['file.txt']);
  });

  it('leaves the previous content when the write fails', async () => {
    const path = join(root, 'file.txt');
    await writeFileAtomic(path, 'old');
    // A directory in place of the target makes the rename fail after the temp file is written.
    const blocked = join(root, 'dir');
    await mkdir(join(blocked, 'inner'), { recursive: true });
    await expect(writeFileAtomic(blocked, 'new')).rejects.toThrow();
    expect(await readdir(root)).toEqual(['dir', 'file.txt']);
    expect(await readFile(path, 'utf8')).toBe('old');
  });
});

describe('writeFileAtomic on a path the user got wrong', () => {
  it('says in one sentence that the path is a directory, or runs through a file', async () => {
    await expect(writeFileAtomic(root, 'x')).rejects.toThrow(
      new InputError(`Cannot write ${root}: it is a directory; expected a file path.`),
    );
    const file = join(root, 'data.csv');
    await writeFile(file, 'a\n1\n');
    await expect(writeFileAtomic(join(file, 'x.json'), 'x')).rejects.toThrow(
      new InputError(
        `Cannot write ${join(file, 'x.json')}: it has a file where a directory is expected in its path.`,
      ),
    );
    expect(await readdir(root)).toEqual(['data.csv']);
  });
});

describe('writeJsonAtomic', () => {
  it('writes pretty JSON with a trailing newline', async () => {
    const path = join(root, 'x.json');
    await writeJsonAtomic(path, { a: 1, b: [true] });
    expect(await readFile(path, 'utf8')).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}\n');
  });
});

describe('publishDirectory', () => {
  it('publishes into a missing directory', async () => {
    const final = join(root, 'out', 'run');
    const staging = await createStagingDirectory(final);
    await writeFile(join(staging, 'metrics.json'), '{}');
    await publishDirectory(staging, final);
    expect(await readdir(final)).toEqual(['metrics.json']);
    expect(await readdir(join(root, 'out'))).toEqual(['run']);
  });

  it("gives the published directory a plain mkdir's mode, not mkdtemp's private 0700", async () => {
    const final = join(root, 'run');
    const staging = await createStagingDirectory(final);
    await publishDirectory(staging, final);
    const plain = join(root, 'plain');
    await mkdir(plain);
    const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;
    expect(await mode(final)).toBe(await mode(plain));
  });

  it('replaces an existing directory as a whole', async () => {
    const final = join(root, 'run');
    await mkdir(final);
    await writeFile(join(final, 'stale.txt'), 'stale');
    const staging = await createStagingDirectory(final);
    await writeFile(join(staging, 'fresh.txt'), 'fresh');
    await publishDirectory(staging, final);
    expect(await readdir(final)).toEqual(['fresh.txt']);
    expect(await readdir(root)).toEqual(['run']);
  });

  it('restores the previous directory when the new one cannot be moved in', async () => {
    const final = join(root, 'run');
    await mkdir(final);
    await writeFile(join(final, 'kept.txt'), 'kept');
    await expect(publishDirectory(join(root, 'missing-staging'), final)).rejects.toThrow();
    expect(await readdir(final)).toEqual(['kept.txt']);
    expect(await readdir(root)).toEqual(['run']);
  });
});

const EXPECTED = 'a path in a writable directory';

/** What `assertWritablePath` says about `path`: its message, or "ok". */
async function probe(path: string): Promise<string> {
  return assertWritablePath(path, '--out', EXPECTED).then(
    () => 'ok',
    (error: unknown) =>
      error instanceof InputError ? error.message : `not an InputError: ${String(error)}`,
  );
}

/**
 * The same as an unprivileged user: root may write anywhere, so when the tests run as root
 * (a container) the check runs in a child process as `nobody` via util-linux's setpriv.
 * `nobody` may not be able to read the checkout (a clone in a `mktemp -d` folder is 0700), so
 * the probe is bundled here into one plain-JS file (node builtins only) in a temp folder it
 * can read, and runs from there.
 */
async function probeUnprivileged(path: string): Promise<string> {
  const module = fileURLToPath(new URL('../../src/data/atomic-write.ts', import.meta.url));
  const entry = `import { assertWritablePath } from ${JSON.stringify(module)};
    await assertWritablePath(process.argv[2], '--out', ${JSON.stringify(EXPECTED)}).then(
      () => console.log('ok'), (error) => console.log(error.message));`;
  const bundled = await build({
    stdin: { contents: entry, loader: 'ts', resolveDir: dirname(module) },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-probe-'));
  try {
    await chmod(dir, 0o755);
    const script = join(dir, 'probe.mjs');
    await writeFile(script, bundled.outputFiles[0]?.text ?? '');
    const run = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, script, path],
      { encoding: 'utf8', cwd: dir },
    );
    if (run.status !== 0) throw new Error(`setpriv failed: ${run.error?.message ?? run.stderr}`);
    return run.stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('assertWritablePath', () => {
  it('accepts a path whose parents will be created, creating nothing', async () => {
    expect(await probe(join(root, 'a', 'b', 'run'))).toBe('ok');
    expect(await probe(join(root, 'file.json'))).toBe('ok');
    expect(await readdir(root)).toEqual([]);
  });

  it('names a file in the way and an empty path', async () => {
    const file = join(root, 'data.csv');
    await writeFile(file, 'a\n1\n');
    for (const path of [join(file, 'run'), join(file, 'x', 'run')]) {
      expect(await probe(path)).toBe(
        `Cannot write --out ${path}: ${file} is a file, not a directory; expected ${EXPECTED}.`,
      );
    }
    expect(await probe('')).toBe(`--out is empty; expected ${EXPECTED}.`);
  });

  it('names a directory that cannot be written', async () => {
    const locked = join(root, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    await chmod(root, 0o755);
    const path = join(locked, 'new', 'run');
    const said = process.getuid?.() === 0 ? await probeUnprivileged(path) : await probe(path);
    await chmod(locked, 0o755);
    expect(said).toBe(
      `Cannot write --out ${path}: ${locked} is not writable (permission denied); expected ${EXPECTED}.`,
    );
  });
});

describe('createStagingDirectory and publishDirectory on a path the user got wrong', () => {
  it('say in one sentence that a file is in the way', async () => {
    const file = join(root, 'data.csv');
    await writeFile(file, 'a\n1\n');
    const final = join(file, 'run');
    await expect(createStagingDirectory(final)).rejects.toThrow(
      new InputError(
        `Cannot write ${final}: it has a file where a directory is expected in its path.`,
      ),
    );
    const staging = await createStagingDirectory(join(root, 'run'));
    await expect(publishDirectory(staging, final)).rejects.toThrow(InputError);
  });
});
