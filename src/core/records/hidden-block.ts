/**
 * A JSON value hidden in a GitHub comment: `<!-- modelgate:<kind> <base64url JSON> -->`.
 * base64url keeps `-->` and any markdown out of the HTML comment, so the text around it
 * cannot close it early and the value survives GitHub's rendering untouched.
 */

/** The block's opening, by kind. */
export function hiddenBlockOpening(kind: string): string {
  return `<!-- modelgate:${kind} `;
}

const CLOSE = ' -->';

/** `value` as a hidden block of `kind`. */
export function encodeHiddenBlock(kind: string, value: unknown): string {
  const encoded = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${hiddenBlockOpening(kind)}${encoded}${CLOSE}`;
}

/**
 * The JSON of the last block of `kind` in `body`, unvalidated (the caller's schema decides);
 * undefined when there is none or it does not decode.
 */
export function decodeHiddenBlock(body: string | null | undefined, kind: string): unknown {
  if (!body) return undefined;
  const open = hiddenBlockOpening(kind);
  const start = body.lastIndexOf(open);
  if (start === -1) return undefined;
  const end = body.indexOf(CLOSE, start + open.length);
  if (end === -1) return undefined;
  const encoded = body.slice(start + open.length, end);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return undefined;
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
