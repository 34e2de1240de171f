import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

const bin = fileURLToPath(new URL('../../bin/modelgate.js', import.meta.url));

/** Starts `modelgate sandbox`, resolves with the child and its first stdout lines. */
function startCli(
  args: string[],
): Promise<{ child: ReturnType<typeof spawn>; output: () => string; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'sandbox', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1] && out.includes('Press Ctrl+C'))
        resolve({ child, output: () => out, url: match[1] });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('exit', (code) =>
      reject(new Error(`modelgate sandbox exited early (${String(code)}): ${out}`)),
    );
  });
}

describe('modelgate sandbox', () => {
  it('prints its URL and admin token, serves GitHub REST, and stops on SIGINT', async () => {
    const { child, output, url } = await startCli(['--port', '0']);
    const token = /admin token\s+(\S+)/.exec(output())?.[1] ?? '';
    const octokit = new Octokit({ baseUrl: `${url}/api/v3`, auth: token });
    const { data } = await octokit.rest.repos.createForAuthenticatedUser({
      name: 'from-cli',
      auto_init: true,
    });
    expect(data.clone_url).toBe(`${url}/octo-org/from-cli.git`);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/stopped \(SIGINT\)/);
  });

  it('rejects a bad port with exit code 2 and one sentence', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await main(['node', 'modelgate', 'sandbox', '--port', 'eighty']);
    const printed = stderr.mock.calls.map((call) => String(call[0])).join('');
    stderr.mockRestore();
    expect(code).toBe(2);
    expect(printed).toBe(
      'modelgate: Invalid --port "eighty": expected an integer from 0 to 65535 (0 picks a free port).\n',
    );
  });
});
