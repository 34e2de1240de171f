import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring URLs like the SAS URLs GitHub hands out for artifact blobs: the path and
 * expiry are covered by an HMAC under the server's key, so the URL alone grants access (no
 * Authorization header), exactly what `@actions/artifact` and a redirected download expect.
 */

function signature(key: Buffer, path: string, expires: string): string {
  return createHmac('sha256', key).update(`${path}\n${expires}`).digest('base64url');
}

/** `${base}${path}?se=…&sig=…`, valid for `ttlMs`. */
export function signUrl(key: Buffer, base: string, path: string, ttlMs = 10 * 60_000): string {
  const expires = new Date(Date.now() + ttlMs).toISOString();
  const url = new URL(path, base);
  url.searchParams.set('sv', '2023-11-03');
  url.searchParams.set('se', expires);
  url.searchParams.set('sig', signature(key, path, expires));
  return url.href;
}

/** Whether `url` carries a valid, unexpired signature for its path. */
export function verifySignedUrl(key: Buffer, url: URL): boolean {
  const expires = url.searchParams.get('se');
  const sig = url.searchParams.get('sig');
  if (!expires || !sig || Date.parse(expires) <= Date.now()) return false;
  const expected = Buffer.from(signature(key, url.pathname, expires));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
