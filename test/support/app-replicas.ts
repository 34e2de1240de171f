import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { sign } from '../app/harness.ts';

/** One App replica running in its own process. */
export interface Replica {
  webhookUrl: string;
  mode: string;
  child: ChildProcess;
  /** POSTs a signed webhook; resolves with the status once the replica answered. */
  deliver(event: string, payload: unknown, id?: string): Promise<number>;
  /** SIGKILL: no cleanup, no answer to what it was doing. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** What `startReplica` needs: the sandbox's App and where GitHub's API is. */
export interface ReplicaOptions {
  appId: number;
  privateKey: string;
  secret: string;
  baseUrl: string;
  redisUrl?: string;
  leaseMs?: number;
}

const MAIN = fileURLToPath(new URL('./replica-main.ts', import.meta.url));
const Started = z.object({ webhookUrl: z.string(), mode: z.string() });

/** Starts `replica-main.ts` under tsx and waits for its URL. */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env['PATH'],
      APP_ID: String(options.appId),
      PRIVATE_KEY: options.privateKey,
      WEBHOOK_SECRET: options.secret,
      BASE_URL: options.baseUrl,
      ...(options.redisUrl === undefined ? {} : { REDIS_URL: options.redisUrl }),
      ...(options.leaseMs === undefined ? {} : { MODELGATE_LEASE_MS: String(options.leaseMs) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = await new Promise<z.infer<typeof Started>>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((text) => text.startsWith('{"webhookUrl"'));
      if (line !== undefined) resolve(Started.parse(JSON.parse(line)));
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}:\n${out}${err}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...started,
    child,
    async deliver(event, payload, id = randomUUID()) {
      const body = JSON.stringify(payload);
      const response = await fetch(started.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': id,
          'x-hub-signature-256': sign(options.secret, body),
        },
        body,
      });
      await response.text();
      return response.status;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
