import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * GitHub caps webhook payloads at 25 MB ("Payloads are capped at 25 MB", docs: webhook events
 * and payloads); a bigger body did not come from GitHub and is not read past the cap.
 */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** Where the gate says what it refused: one line, never the payload. */
export interface GateLog {
  warn(message: string): void;
}

/** Input of `admitWebhook`. */
export interface WebhookGateOptions {
  secret: string;
  log: GateLog;
  /** Largest body read; `MAX_WEBHOOK_BYTES` when omitted. */
  maxBytes?: number;
}

/**
 * The App's front door for a webhook POST, in front of Probot's middleware: reads the body
 * with a cap (413 while streaming, before anything is buffered past it), then checks
 * `X-Hub-Signature-256` over the exact bytes (400), and only then hands the body on. Probot
 * reads the whole body before it checks anything, and logs a badly signed delivery together
 * with its payload; here a refusal is one log line naming the delivery and the reason.
 *
 * Returns the body as text for Probot (its middleware takes a string `request.body` as is),
 * or null when the request was answered here.
 */
export async function admitWebhook(
  request: IncomingMessage,
  response: ServerResponse,
  options: WebhookGateOptions,
): Promise<string | null> {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  const delivery = headerValue(request, 'x-github-delivery')?.slice(0, 100) ?? 'without an id';
  const refuse = (status: number, error: string, reason: string): null => {
    options.log.warn(`Webhook delivery ${printable(delivery)} refused (${status}): ${reason}`);
    // `connection: close` makes Node destroy the socket once the answer is out, instead of
    // reading (and discarding) the rest of a body nobody wants.
    response
      .writeHead(status, { 'content-type': 'application/json', connection: 'close' })
      .end(`${JSON.stringify({ error })}\n`);
    return null;
  };

  const declared = Number(headerValue(request, 'content-length') ?? '0');
  if (declared > maxBytes) {
    request.pause();
    return refuse(413, tooLarge(maxBytes), `Content-Length ${declared} is over ${maxBytes} bytes.`);
  }
  const body = await readCapped(request, maxBytes);
  if (body === 'too-large') {
    return refuse(413, tooLarge(maxBytes), `the body grew past ${maxBytes} bytes.`);
  }
  if (body === 'aborted') return null;

  const signature = headerValue(request, 'x-hub-signature-256');
  if (signature === undefined || !signatureMatches(options.secret, body, signature)) {
    return refuse(
      400,
      'signature does not match event payload and secret',
      signature === undefined
        ? 'no X-Hub-Signature-256 header.'
        : 'X-Hub-Signature-256 does not match the body and the webhook secret.',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return refuse(400, 'payload is not UTF-8 text', 'the body is not UTF-8 text.');
  }
}

function tooLarge(maxBytes: number): string {
  return `payload is larger than GitHub's limit of ${maxBytes} bytes`;
}

/** The body, or why it was not read whole. Stops reading at the first byte past `maxBytes`. */
function readCapped(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | 'too-large' | 'aborted'): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        request.pause();
        chunks.length = 0;
        done('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done(Buffer.concat(chunks, size));
    const onError = (): void => done('aborted');
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/** GitHub's `sha256=<hex HMAC of the body>`, compared in constant time. */
function signatureMatches(secret: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    'utf8',
  );
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A header echoed into a log line: printable ASCII only, so it cannot forge log lines. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
