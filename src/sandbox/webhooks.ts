import { createHmac, randomUUID } from 'node:crypto';

/**
 * Webhook delivery as GitHub does it: a JSON POST with `X-GitHub-Event`, `X-GitHub-Delivery`,
 * `X-GitHub-Hook-ID`, the installation target headers, and `X-Hub-Signature-256` (HMAC-SHA256 of
 * the exact body under the webhook secret). Payload builders live in `webhook-payloads.ts`.
 */

/** Where webhooks go. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** One delivery attempt, kept for tests. */
export interface WebhookDelivery {
  id: string;
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
  status: number;
  responseBody: string;
}

/** `sha256=<hex>` signature of `body`. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs one signed webhook and records the delivery. */
export async function deliverWebhook(
  target: WebhookTarget,
  event: string,
  payload: Record<string, unknown>,
  hookId: number,
): Promise<WebhookDelivery> {
  const body = JSON.stringify(payload);
  const id = randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/sandbox',
    'x-github-event': event,
    'x-github-delivery': id,
    'x-github-hook-id': String(hookId),
    'x-hub-signature-256': signPayload(target.secret, body),
  };
  const installation = payload['installation'];
  if (typeof installation === 'object' && installation !== null && 'id' in installation) {
    headers['x-github-hook-installation-target-type'] = 'integration';
    headers['x-github-hook-installation-target-id'] = String(installation.id);
  }
  const response = await fetch(target.url, { method: 'POST', headers, body });
  const action = typeof payload['action'] === 'string' ? payload['action'] : null;
  return {
    id,
    event,
    action,
    payload,
    status: response.status,
    responseBody: await response.text(),
  };
}
