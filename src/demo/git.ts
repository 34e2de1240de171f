import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Who makes the demo's commits: a data scientist of the example team. */
export const DEMO_AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com' } as const;

/**
 * Runs git in `cwd`. Background maintenance is off because it races with the removal of the
 * temp dir, and the identity is fixed so a machine without a git identity can run the demo.
 */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    [
      '-c',
      'maintenance.auto=false',
      '-c',
      'gc.auto=0',
      '-c',
      `user.name=${DEMO_AUTHOR.name}`,
      '-c',
      `user.email=${DEMO_AUTHOR.email}`,
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new Error(
        'git was not found on PATH; the demo pushes the example repository over git and needs it installed.',
      );
    }
    throw error;
  });
  return stdout.trim();
}

/**
 * Creates the developer's clone: `source` (the example repository) committed as the first
 * commit of `branch` and pushed to `remote` over HTTP. Returns the clone's path and the sha.
 */
export async function pushInitialCommit(input: {
  source: string;
  dir: string;
  remote: string;
  branch: string;
  message: string;
}): Promise<{ dir: string; sha: string }> {
  await mkdir(input.dir, { recursive: true });
  await cp(input.source, input.dir, { recursive: true });
  await git(input.dir, ['init', '--quiet', '-b', input.branch]);
  await git(input.dir, ['remote', 'add', 'origin', input.remote]);
  await git(input.dir, ['add', '--all']);
  await git(input.dir, ['commit', '--quiet', '-m', input.message]);
  await git(input.dir, ['push', '--quiet', 'origin', `HEAD:refs/heads/${input.branch}`]);
  return { dir: input.dir, sha: await git(input.dir, ['rev-parse', 'HEAD']) };
}

/**
 * Commits `files` on `branch` of the developer's clone (creating the branch from `from` when
 * given) and pushes it; returns the new commit.
 */
export async function commitAndPush(input: {
  dir: string;
  branch: string;
  from?: string;
  files: Record<string, string>;
  message: string;
}): Promise<string> {
  if (input.from !== undefined) {
    await git(input.dir, ['fetch', '--quiet', 'origin']);
    await git(input.dir, ['checkout', '--quiet', '-B', input.branch, `origin/${input.from}`]);
  } else {
    await git(input.dir, ['checkout', '--quiet', input.branch]);
  }
  for (const [path, text] of Object.entries(input.files)) {
    await mkdir(dirname(join(input.dir, path)), { recursive: true });
    await writeFile(join(input.dir, path), text);
  }
  await git(input.dir, ['add', '--all']);
  await git(input.dir, ['commit', '--quiet', '-m', input.message]);
  await git(input.dir, ['push', '--quiet', 'origin', `HEAD:refs/heads/${input.branch}`]);
  return git(input.dir, ['rev-parse', 'HEAD']);
}

/**
 * A runner's workspace, as `actions/checkout` leaves it: a fresh clone of `url` with `sha`
 * checked out detached, and `url` kept as `origin` so a step pushes with the credentials the
 * URL carries (checkout persists the job's token the same way).
 */
export async function checkoutWorkspace(input: {
  parent: string;
  url: string;
  sha: string;
}): Promise<string> {
  const workspace = await mkdtemp(join(input.parent, 'workspace-'));
  await git(workspace, ['init', '--quiet', '-b', 'main']);
  await git(workspace, ['remote', 'add', 'origin', input.url]);
  await git(workspace, ['fetch', '--quiet', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
  await git(workspace, ['checkout', '--quiet', '--detach', input.sha]);
  return workspace;
}
