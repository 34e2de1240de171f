import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run('git', args, { cwd, timeout: 5000 });
    const text = stdout.trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/**
 * The commit a run belongs to. On GitHub Actions GITHUB_SHA/GITHUB_REF name what the
 * workflow runs for (for a pull request, the merge commit and refs/pull/N/merge), which
 * need not be the checkout's HEAD; elsewhere ask git. Outside a repository both are null.
 */
export async function gitInfo(
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ sha: string | null; ref: string | null }> {
  const sha = env.GITHUB_SHA || (await git(cwd, ['rev-parse', 'HEAD']));
  const ref = env.GITHUB_REF || (await git(cwd, ['symbolic-ref', '-q', 'HEAD']));
  return { sha: sha ?? null, ref: ref ?? null };
}
