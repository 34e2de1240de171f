import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveReport, untilAborted } from '../../src/demo/serve-report.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelgate-serve-'));
  await writeFile(join(dir, 'index.html'), '<h1>report</h1>');
  await writeFile(join(dir, 'secret.txt'), 'not for the browser');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('demo --serve', () => {
  it('serves the report on loopback and nothing else next to it', async () => {
    const server = await serveReport(join(dir, 'index.html'));
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toBe('<h1>report</h1>');
      expect((await fetch(`${server.url}secret.txt`)).status).toBe(404);
      expect((await fetch(`${server.url}../secret.txt`)).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('waits for Ctrl+C (the abort signal)', async () => {
    const controller = new AbortController();
    let done = false;
    const waiting = untilAborted(controller.signal).then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    controller.abort();
    await waiting;
    expect(done).toBe(true);
  });
});
