import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs git with background maintenance off (it races with temp-dir cleanup) and an identity. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    [
      '-c',
      'maintenance.auto=false',
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      ...args,
    ],
    { cwd },
  );
  return stdout.trim();
}

/** A bare remote with one commit on `main`, and a way to clone it; call `cleanup` after. */
export async function bareRemote(): Promise<{
  root: string;
  url: string;
  clone: (name: string) => Promise<string>;
  cleanup: () => Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), 'modelgate-git-test-'));
  const bare = join(root, 'remote.git');
  await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  const seed = join(root, 'seed');
  await git(root, 'init', '--quiet', '--initial-branch=main', seed);
  await exec('sh', ['-c', 'echo "# project" > README.md'], { cwd: seed });
  await git(seed, 'add', 'README.md');
  await git(seed, 'commit', '--quiet', '-m', 'initial');
  const url = `file://${bare}`;
  await git(seed, 'push', '--quiet', url, 'main');
  return {
    root,
    url,
    clone: async (name) => {
      const dir = join(root, name);
      await git(root, 'clone', '--quiet', url, dir);
      return dir;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
