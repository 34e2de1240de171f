import { generateKeyPairSync } from 'node:crypto';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startAppServer, type AppServer } from '../../src/app/server.ts';
import { MAX_WEBHOOK_BYTES } from '../../src/app/webhook-gate.ts';
import { sign } from './harness.ts';

/**
 * The App's front door (issue 14, case 3): bodies over GitHub's 25 MB cap are refused while
 * streaming, before the signature is checked, and a refused delivery is one log line without
 * its payload. No GitHub is needed: nothing here reaches a handler.
 */

const secret = 'front-door-secret';
const lines: string[] = [];
let app: AppServer;

beforeAll(async () => {
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  app = await startAppServer({
    appId: 1,
    privateKey,
    secret,
    // Never called: every request here is refused before a handler runs.
    baseUrl: 'http://127.0.0.1:9/api/v3',
    port: 0,
    host: '127.0.0.1',
    log: pino({ level: 'info' }, sink),
  });
});
afterAll(async () => {
  await app?.close();
});

const MiB = 1024 * 1024;

/**
 * POSTs `total` bytes of a JSON-looking body in 1 MiB chunks, honouring back-pressure, and
 * stops writing once the answer arrives. Returns the status and how many bytes the server
 * let the client write.
 */
function streamBody(
  total: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; written: number }> {
  const chunk = Buffer.alloc(MiB, 'PAYLOAD-SECRET-');
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(app.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'huge-1',
        'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
        ...headers,
      },
    });
    req.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, written });
      req.destroy();
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (): void => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test('a 200 MiB body without Content-Length is refused with 413 at the cap; memory stays flat', async () => {
  lines.length = 0;
  const before = process.memoryUsage().rss;
  const { status, written } = await streamBody(200 * MiB);
  const grown = process.memoryUsage().rss - before;

  expect(status).toBe(413);
  // The server stopped reading at the cap: the client could write little more than the cap
  // (plus what socket buffers hold), far from the 200 MiB it offered.
  expect(written).toBeLessThan(MAX_WEBHOOK_BYTES + 16 * MiB);
  expect(grown).toBeLessThan(100 * MiB);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('Webhook delivery huge-1 refused (413)');
  expect(lines.join('\n')).not.toContain('PAYLOAD-SECRET');
});

test('a declared Content-Length over the cap is refused before any of the body is read', async () => {
  lines.length = 0;
  const { status, written } = await streamBody(64 * MiB, {
    'content-length': String(64 * MiB),
  });
  expect(status).toBe(413);
  expect(written).toBeLessThan(16 * MiB);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('Content-Length 67108864 is over 26214400 bytes');
});

test('an over-cap body is refused even when correctly signed: the cap comes first', async () => {
  const body = JSON.stringify({ zen: 'x'.repeat(MAX_WEBHOOK_BYTES) });
  const response = await fetch(app.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': 'signed-huge',
      'x-hub-signature-256': sign(secret, body),
    },
    body,
  });
  expect(response.status).toBe(413);
});

test('a badly signed body is refused with one log line that does not carry the payload', async () => {
  lines.length = 0;
  const body = JSON.stringify({ zen: 'PAYLOAD-SECRET', hook_id: 1 });
  const unsigned = await fetch(`${app.webhookUrl}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': 'unsigned-1',
    },
    body,
  });
  expect(unsigned.status).toBe(400);
  const forged = await fetch(app.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': 'forged-2',
      'x-hub-signature-256': sign('not-the-secret', body),
    },
    body,
  });
  expect(forged.status).toBe(400);
  expect(await forged.json()).toEqual({
    error: 'signature does not match event payload and secret',
  });
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain('Webhook delivery unsigned-1 refused (400): no X-Hub-Signature-256');
  expect(lines[1]).toContain('Webhook delivery forged-2 refused (400)');
  expect(lines.join('\n')).not.toContain('PAYLOAD-SECRET');
});

test('a correctly signed small body still reaches Probot', async () => {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  const response = await fetch(app.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': 'ping-1',
      'x-hub-signature-256': sign(secret, body),
    },
    body,
  });
  expect(response.status).toBe(200);
});
