import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

/** A running report server. */
export interface ReportServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the demo's one-file HTML report on loopback, for `npm run demo -- --serve`. Only `/`
 * and `/index.html` answer (the report needs no other file); the file is read per request so
 * what is shown is what is on disk.
 */
export async function serveReport(reportPath: string): Promise<ReportServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || (path !== '/' && path !== '/index.html')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    readFile(reportPath).then(
      (html) =>
        response
          .writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
          })
          .end(html),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The report server has no port.');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves when `signal` aborts (Ctrl+C); never without one. */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}
