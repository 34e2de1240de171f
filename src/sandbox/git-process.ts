import { spawn } from 'node:child_process';

/** How to run one git command. */
export interface RunOptions {
  input?: string | Uint8Array;
  env?: Record<string, string>;
  /** Exit codes that are an answer rather than a failure (e.g. 1 for `merge-base --is-ancestor`). */
  okCodes?: number[];
}

/** A finished git command: its exit code and standard output. */
export interface RunResult {
  code: number;
  stdout: Buffer;
}

/** Environment that keeps the user's and the system's git config out of the sandbox. */
export function isolatedGitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** Runs git and resolves with its output; a non-zero exit outside `okCodes` rejects with stderr. */
export function runGit(cwd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: isolatedGitEnv(options.env) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const exit = code ?? 1;
      if (exit === 0 || options.okCodes?.includes(exit)) {
        resolve({ code: exit, stdout: Buffer.concat(out) });
      } else {
        const message = Buffer.concat(err).toString('utf8').trim();
        reject(new Error(`git ${args[0] ?? ''} failed (exit ${exit}): ${message}`));
      }
    });
    // git exits without reading stdin for most commands; the closed pipe is not an error.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    if (options.input === undefined) child.stdin.end();
    else child.stdin.end(options.input);
  });
}
