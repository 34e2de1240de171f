import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { sign } from './harness.ts';

/** `modelgate app` as a user starts it: a child process reading a `.env` file. */

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
// The App runs in a scratch directory (its .env lives there), so tsx is given by path.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  dir = await mkdtemp(join(tmpdir(), 'modelgate-app-cli-'));
  await writeFile(join(dir, 'app.pem'), sandbox.app.privateKey);
});
afterAll(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'app', ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  // A start that is expected to fail never listens; that rejection is not an error then.
  listening.catch(() => undefined);
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

test('starts from a .env file, answers signed webhooks, and stops on SIGTERM', async () => {
  const { host } = new URL(sandbox.url);
  await writeFile(
    join(dir, '.env'),
    [
      `APP_ID=${sandbox.app.id}`,
      'PRIVATE_KEY_PATH=app.pem',
      'WEBHOOK_SECRET=from-dotenv',
      `GHE_HOST=${host}`,
      'GHE_PROTOCOL=http',
      'PORT=0',
      'HOST=127.0.0.1',
    ].join('\n'),
  );
  const app = start([]);
  const url = await app.listening;
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  const ping = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': sign('from-dotenv', body),
    },
    body,
  });
  expect(ping.status).toBe(200);
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  expect(app.output().stdout).toContain('modelgate App stopped (SIGTERM).');
});

test('a missing variable is one sentence naming it, exit code 2', async () => {
  const app = start(['--env', 'missing.env']);
  expect(await app.exited).toBe(2);
  expect(app.output().stderr).toBe(
    'modelgate: --env missing.env does not exist; expected a file of NAME=value lines.\n',
  );
  const noSecret = start([], { APP_ID: '1', PRIVATE_KEY_PATH: 'app.pem', WEBHOOK_SECRET: '' });
  // The .env of the previous test sets WEBHOOK_SECRET; the real environment wins over it.
  expect(await noSecret.exited).toBe(2);
  expect(noSecret.output().stderr).toMatch(/^modelgate: WEBHOOK_SECRET is not set/);
});
